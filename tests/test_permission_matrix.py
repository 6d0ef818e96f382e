"""The permission matrix of every page and API endpoint of core, agreements and federation's
administration (STYLE.md, rules 6 and 7), through the shared helper in tests/matrix.py.

The world is this VN node with the demo loaded (one officer per role, see liaison/demo/core_data.py), an
officer of an LA unit, an evidence file, a VN draft with two versions and an attachment, a shared
VN document its signatory can sign, and a pinned LA peer with a dead letter. The federation's machine
endpoints (/federation/v1/...) are tested in tests/federation.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import matrix
from tests.matrix import Endpoint, Target, World

pytestmark = pytest.mark.django_db

# The callers: demo officers of this (VN) node by role and unit, and an officer of an LA unit.
OFFICERS = {
    "viewer": "vn.viewer",  # VN-MPS-ICD, viewer
    "officer": "vn.officer",  # VN-MPS-DCD, officer
    "duty": "vn.duty",  # VN-PS-QTR, duty officer
    "liaison": "vn.liaison",  # VN-MPS-ICD, liaison
    "signatory": "vn.signatory",  # VN-MPS, liaison, holds Lương Tam Quang's signatory key
    "admin": "vn.admin",  # VN-MPS (the root of the VN ministry's tree), node administrator
    "outsider": "vn.outsider",  # VN-PS-KTM, officer: owns no commitment
    "la_svk": "la.svk",  # LA-PS-SVK, officer: another party, co-owns Quang Tri's commitments
}
ACTORS = tuple(OFFICERS)
LIAISONS = frozenset({"liaison", "signatory"})


def seen(*actors: str) -> frozenset[str]:
    """Liaison officers see every agreement record; others what their unit (or one below) owns."""
    return LIAISONS | frozenset(actors)


# Who sees which record (need-to-know), from the owner units of the demo commitments.
VISIBILITY: dict[str, frozenset[str]] = {
    # MINUTES-14: ICD, CT and DCD commitments
    "meeting_14": seen("viewer", "officer", "admin"),
    # MINUTES-13: ICD, DCD, CT and Quang Tri (with LA Savannakhet) commitments
    "meeting_13": seen("viewer", "officer", "duty", "admin", "la_svk"),
    "doc_m13": seen("viewer", "officer", "duty", "admin", "la_svk"),
    # the defence dialogue: ministries of defence only, no unit of this node's officers
    "meeting_dpd": seen(),
    "doc_dpd": seen(),
    "commitment_dpd": seen(),
    # PLAN-2023: ICD, CT and CPD-TIP commitments
    "doc_plan": seen("viewer", "admin"),
    # a VN draft made for these tests, and its attachment
    "doc_draft": seen(),  # no commitment until signed
    "attachment": seen(),
    "commitment_dcd": seen("officer", "admin"),  # m14-info-sharing
    "commitment_dcd13": seen("officer", "admin"),  # m13-mechanisms
    "commitment_icd": seen("viewer", "admin"),  # m14-regional-forums
    "commitment_qtr": seen("duty", "admin", "la_svk"),  # m13-border-locality-meetings
    "evidence": seen("duty", "admin", "la_svk"),  # on commitment_qtr
}

ADMINS = frozenset({"admin"})


def _undertaking(key: str, owners: dict[str, str]) -> dict[str, Any]:
    return {
        "key": key,
        "clause": "1",
        "texts": {"en": f"Undertaking {key}."},
        "area": "information_exchange",
        "owners": owners,
        "due_on": "2099-12-31",
    }


def _pin_peer(party: str, base: Path, port: int) -> None:
    """Pin another node (real keys and certificate, nothing listening) as a peer of this one."""
    from liaison.core import identity
    from liaison.federation import services
    from liaison.federation.client import PeerIdentity
    from tests.federation.conftest import make_remote

    remote = make_remote(base, party)
    services.do_add_peer(
        PeerIdentity(
            party=party,
            url=f"https://127.0.0.1:{port}",
            signing_public_key=identity.public_key_b64(remote.signing_key),
            certificate_pem=remote.cert_pem,
            fingerprint=remote.fingerprint,
        ),
        acting_user=None,
    )


def _build_world(tmp_dir: Path) -> World:
    from liaison.agreements import services as agreements
    from liaison.agreements.models import Commitment, Document, Meeting, StoredFile
    from liaison.core import services
    from liaison.core.models import Officer, Official, Party, Unit
    from liaison.demo.core import load_demo
    from liaison.federation import outbox
    from liaison.federation.models import OutboxEnvelope, OutboxStatus

    services.do_save_party("VN", names={"en": "Vietnam"}, language="vi", acting_user=None)
    services.do_init_node(
        "VN", public_url="https://127.0.0.1:8443", hostnames=["127.0.0.1"], acting_user=None
    )
    load_demo()
    services.do_create_officer(
        "la.svk",
        password="x",
        unit=Unit.objects.get(code="LA-PS-SVK"),
        roles=["officer"],
        full_name="Savannakhet Officer",
        language="en",
        acting_user=None,
    )
    officers = {name: Officer.objects.get(username=username) for name, username in OFFICERS.items()}
    liaison = officers["liaison"]

    def commitment(key: str) -> Commitment:
        return Commitment.objects.get(key=key)

    # Evidence on Quang Tri's commitment, recorded by its duty officer.
    qtr = commitment("m13-border-locality-meetings")
    agreements.check_record_progress(
        qtr,
        status="in_progress",
        note="Patrol report attached.",
        evidence=[agreements.NewFile("patrol.txt", b"patrol report", "text/plain")],
        acting_user=officers["duty"],
    )
    evidence = StoredFile.objects.get(role=StoredFile.EVIDENCE, update__commitment=qtr)
    # A VN draft with two versions (for the diff) and an attachment; its undertaking (owned by DCD)
    # becomes a commitment only when the draft is signed, so until then liaison officers alone see it.
    vn, la = Party.objects.get(code="VN"), Party.objects.get(code="LA")
    owners = {"VN": "VN-MPS-DCD", "LA": "LA-MPS-DCD"}
    draft = agreements.check_create_document(
        reference="MATRIX-DRAFT",
        kind="minutes",
        parties=[vn, la],
        # complete, so that sharing it succeeds (issue 10: an incomplete draft is not shared)
        # (officials no account here holds a key for, so that no signatory gains sight of it)
        signatories={
            "VN": Official.objects.get(key="to_lam"),
            "LA": Official.objects.get(key="vilay_lakhamphong"),
        },
        titles={"en": "Matrix draft"},
        working_language="en",
        texts={"en": "Article 1\nDraft.", "vi": "Điều 1\nDự thảo.", "lo": "ມາດຕາ 1\nຮ່າງ."},
        undertakings=[_undertaking("mx1", owners)],
        plan_year=2030,
        acting_user=liaison,
    )
    agreements.check_new_version(
        draft,
        titles={"en": "Matrix draft"},
        working_language="en",
        texts={"en": "Article 1\nDraft, amended.", "vi": "Điều 1\nDự thảo.", "lo": "ມາດຕາ 1\nຮ່າງ."},
        undertakings=[_undertaking("mx1", owners)],
        change_note="amended",
        attachments=[agreements.NewFile("annex.txt", b"annex", "text/plain")],
        acting_user=liaison,
    )
    attachment = StoredFile.objects.get(role=StoredFile.ATTACHMENT, version__document=draft)
    # MINUTES-13 (a VN document) shared, so its VN signatory may sign it.
    minutes_13 = Document.objects.get(reference="MINUTES-13")
    agreements.check_share_document(minutes_13, acting_user=liaison)
    # The LA peer, with one dead letter (as tests/federation makes one: the worker is not run).
    _pin_peer("LA", tmp_dir / "remote", 9)
    dead = outbox.enqueue("federation.ping.v1", {"n": 1}, to_party="LA")
    OutboxEnvelope.objects.filter(id=dead).update(
        status=OutboxStatus.DEAD, attempts=5, refusal_reason="unknown_type"
    )

    records = {
        "meeting_14": Meeting.objects.get(number=14),
        "meeting_13": Meeting.objects.get(number=13),
        "meeting_dpd": Document.objects.get(reference="MINUTES-DPD-3").meeting,
        "doc_m13": minutes_13,
        "doc_dpd": Document.objects.get(reference="MINUTES-DPD-3"),
        "doc_plan": Document.objects.get(reference="PLAN-2023"),
        "doc_draft": draft,
        "attachment": attachment,
        "commitment_dpd": commitment("dpd3-border-guard-protocol"),
        "commitment_dcd": commitment("m14-info-sharing"),
        "commitment_dcd13": commitment("m13-mechanisms"),
        "commitment_icd": commitment("m14-regional-forums"),
        "commitment_qtr": qtr,
        "evidence": evidence,
    }
    targets = {
        key: Target(key, str(record.uid), VISIBILITY[key])  # type: ignore[union-attr]
        for key, record in records.items()
    }
    world = World(officers=officers, targets=targets, values={"dead_letter": dead, "data_dir": str(tmp_dir)})
    world.log_in_everyone()
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("matrix-node")
    with matrix.shared_data(django_db_blocker, data_dir):
        yield _build_world(data_dir)


# --- the endpoints ----------------------------------------------------------------------------------

COMMITMENT_ROWS = ("commitment_dcd", "commitment_dcd13", "commitment_icd", "commitment_qtr", "commitment_dpd")
REVIEW_2023_ROWS = ("commitment_dcd13", "commitment_qtr", "commitment_dpd")
MEETING_ROWS = ("meeting_14", "meeting_13", "meeting_dpd")
DOCUMENT_ROWS = ("doc_m13", "doc_dpd", "doc_plan", "doc_draft")

MEETING_FORM = {
    "kind": "other",
    "title": "Matrix meeting",
    "starts_on": "2030-01-02",
    "parties": ["VN", "LA"],
    "host_party": "VN",
}
DOCUMENT_BODY = {
    "reference": "MATRIX-API",
    "kind": "minutes",
    "parties": ["VN", "LA"],
    "title": "Made through the API",
    "working_language": "en",
    "texts": {"en": "Article 1"},
}
VERSION_BODY = {"title": "Matrix draft", "working_language": "en", "texts": {"en": "Article 1\nThird."}}

CORE = [
    Endpoint("page:units", "/directory/units/", budget=9),
    Endpoint("page:unit", "/directory/units/VN-PS-QTR/", shows="VN-PS-QTR"),
    Endpoint("page:twinnings", "/directory/twinnings/", budget=7),
    Endpoint("api:me", "/api/core/me"),
    Endpoint("api:parties", "/api/core/parties", shows="VN", budget=5),
    Endpoint("api:units", "/api/core/units", shows="VN-PS-QTR", budget=5),
    Endpoint("api:twinnings", "/api/core/twinnings", budget=5),
    Endpoint("api:codelist", "/api/core/codelists/offence", budget=4),
]

# Slow endpoints get one caller per distinct outcome rather than every officer.
# A PDF takes most of a second to render: the page as liaison (every row), the API as an outsider (none).
# A review draws its chart (a third of a second): one caller per distinct view of the 2023 rows.
# The document form renders every unit for every undertaking row (a quarter of a second): allowed,
# refused (two roles) and hidden.
EDIT_CALLERS = ("liaison", "viewer", "duty", "outsider")
REVIEW_CALLERS = ("liaison", "officer", "duty", "la_svk", "outsider")
NON_LIAISONS = tuple(a for a in ACTORS if a not in LIAISONS)


def bug(reason: str, *actors: str) -> dict[str, str]:
    return dict.fromkeys(actors, reason)


AGREEMENTS_PAGES = [
    Endpoint(
        "page:dashboard",
        "/",
        rows=COMMITMENT_ROWS,  # open commitments of the officer's own units, among those they see
        rows_absent_only=True,
        budget=22,  # 19 as the signatory with the demo (one query each for the exchange, hotline and
        # cases panels added since), plus two per document awaiting signature
        budget_as="signatory",  # the one with a panel of documents awaiting their signature
    ),
    Endpoint(
        "page:agreements",
        "/agreements/",
        rows=MEETING_ROWS + DOCUMENT_ROWS,
        budget=21,  # 18 with the demo, plus one per document
    ),
    Endpoint("page:meeting_create", "/agreements/meetings/new/", may=LIAISONS),
    Endpoint(
        "page:meeting_create:post",
        "/agreements/meetings/new/",
        "POST",
        MEETING_FORM,
        may=LIAISONS,
        ok=302,
        audited=True,
    ),
    Endpoint(
        "page:meeting",
        "/agreements/meetings/{meeting_13}/",
        target="meeting_13",
        rows=("commitment_dcd13", "commitment_qtr"),
    ),
    Endpoint("page:document_create", "/agreements/documents/new/", may=LIAISONS),
    Endpoint("page:document_create:post", "/agreements/documents/new/", "POST", {}, may=LIAISONS),
    Endpoint(
        "page:document",
        "/agreements/documents/{doc_m13}/",
        target="doc_m13",
        rows=("commitment_dcd13", "commitment_qtr"),
    ),
    Endpoint("page:document:plan", "/agreements/documents/{doc_plan}/", target="doc_plan"),
    Endpoint(
        "page:document_edit",
        "/agreements/documents/{doc_m13}/edit/",
        target="doc_m13",
        may=LIAISONS,
        callers=EDIT_CALLERS,
    ),
    Endpoint(
        "page:document_edit:post",
        "/agreements/documents/{doc_m13}/edit/",
        "POST",
        {},  # invalid: an allowed caller gets the form back with its errors
        target="doc_m13",
        may=LIAISONS,
        callers=EDIT_CALLERS,
    ),
    Endpoint(
        "page:document_share",
        "/agreements/documents/{doc_draft}/share/",
        "POST",
        {},
        target="doc_draft",
        may=LIAISONS,
        ok=302,
        denied=302,  # the refusal is a message on the document page
        audited=True,
    ),
    Endpoint(
        "page:document_share:visible",  # a document non-liaison officers see
        "/agreements/documents/{doc_m13}/share/",
        "POST",
        {},
        target="doc_m13",
        may=frozenset(),
        denied=302,
        callers=NON_LIAISONS,
    ),
    Endpoint(
        "page:document_sign",
        "/agreements/documents/{doc_m13}/sign/",
        "POST",
        {"version": "1", "confirm": "on"},
        target="doc_m13",
        may=frozenset({"signatory"}),
        ok=302,
        denied=302,
        audited=True,
    ),
    Endpoint("page:document_verify", "/agreements/documents/{doc_plan}/verify/", target="doc_plan"),
    Endpoint("page:document_diff", "/agreements/documents/{doc_draft}/diff/", target="doc_draft"),
    Endpoint("page:commitments", "/agreements/commitments/", rows=COMMITMENT_ROWS, budget=13),
    Endpoint("page:commitment", "/agreements/commitments/{commitment_dcd}/", target="commitment_dcd"),
    Endpoint(
        "page:commitment:evidence",
        "/agreements/commitments/{commitment_qtr}/",
        target="commitment_qtr",
        rows=("evidence",),
    ),
    Endpoint(
        "page:commitment:progress",
        "/agreements/commitments/{commitment_icd}/",
        "POST",
        {"status": "done", "note": "Done."},
        target="commitment_icd",
        may=LIAISONS,
        ok=302,
        denied=200,  # the refusal is an error on the form
        audited=True,
    ),
    Endpoint(
        "page:commitment:progress:owner",
        "/agreements/commitments/{commitment_qtr}/",
        "POST",
        {"status": "done", "note": "Done."},
        target="commitment_qtr",
        may=LIAISONS | {"duty"},
        ok=302,
        denied=200,
        audited=True,
    ),
    Endpoint("page:file:evidence", "/agreements/files/{evidence}/", target="evidence"),
    Endpoint("page:file:attachment", "/agreements/files/{attachment}/", target="attachment"),
    Endpoint(
        "page:review",
        "/agreements/review/?year=2023",
        rows=REVIEW_2023_ROWS,
        callers=REVIEW_CALLERS,
        budget=22,
    ),
    Endpoint(
        "page:review:meeting",
        "/agreements/review/?meeting={meeting_dpd}",
        target="meeting_dpd",
        callers=("liaison", "officer"),
    ),
    Endpoint("page:review_pdf", "/agreements/review.pdf?year=2023", callers=("liaison",)),
]

AGREEMENTS_API = [
    Endpoint("api:meetings", "/api/agreements/meetings", rows=MEETING_ROWS, budget=10),
    Endpoint("api:meeting", "/api/agreements/meetings/{meeting_14}", target="meeting_14"),
    Endpoint(
        "api:documents",
        "/api/agreements/documents",
        rows=DOCUMENT_ROWS,
        budget=30,  # 26 with the demo, plus three per document
    ),
    Endpoint(
        "api:document_create",
        "/api/agreements/documents",
        "POST",
        DOCUMENT_BODY,
        json=True,
        may=LIAISONS,
        ok=201,
        audited=True,
    ),
    Endpoint("api:document", "/api/agreements/documents/{doc_plan}", target="doc_plan"),
    Endpoint(
        "api:document_version",
        "/api/agreements/documents/{doc_draft}/versions",
        "POST",
        VERSION_BODY,
        json=True,
        target="doc_draft",
        may=LIAISONS,
        ok=201,
        audited=True,
    ),
    Endpoint(
        "api:document_version:visible",
        "/api/agreements/documents/{doc_m13}/versions",
        "POST",
        VERSION_BODY,
        json=True,
        target="doc_m13",
        may=frozenset(),
        callers=NON_LIAISONS,
    ),
    Endpoint(
        "api:document_share",
        "/api/agreements/documents/{doc_draft}/share",
        "POST",
        target="doc_draft",
        may=LIAISONS,
        audited=True,
    ),
    Endpoint(
        "api:document_share:visible",
        "/api/agreements/documents/{doc_m13}/share",
        "POST",
        target="doc_m13",
        may=frozenset(),
        callers=NON_LIAISONS,
    ),
    Endpoint(
        "api:document_sign",
        "/api/agreements/documents/{doc_m13}/sign",
        "POST",
        {"version": 1},
        json=True,
        target="doc_m13",
        may=frozenset({"signatory"}),
        ok=201,
        audited=True,
    ),
    Endpoint("api:document_verify", "/api/agreements/documents/{doc_plan}/verify", target="doc_plan"),
    Endpoint("api:document_diff", "/api/agreements/documents/{doc_draft}/diff?a=1&b=2", target="doc_draft"),
    Endpoint("api:commitments", "/api/agreements/commitments", rows=COMMITMENT_ROWS, budget=9),
    Endpoint(
        "api:commitment",
        "/api/agreements/commitments/{commitment_qtr}",
        target="commitment_qtr",
        rows=("evidence",),
    ),
    Endpoint(
        "api:commitment_progress",
        "/api/agreements/commitments/{commitment_icd}/updates",
        "POST",
        {"status": "done", "note": "Done."},
        target="commitment_icd",
        may=LIAISONS,
        ok=201,
        audited=True,
    ),
    Endpoint(
        "api:commitment_progress:owner",
        "/api/agreements/commitments/{commitment_qtr}/updates",
        "POST",
        {"status": "done", "note": "Done."},
        target="commitment_qtr",
        may=LIAISONS | {"duty"},
        ok=201,
        audited=True,
    ),
    Endpoint("api:file:evidence", "/api/agreements/files/{evidence}", target="evidence"),
    Endpoint("api:file:attachment", "/api/agreements/files/{attachment}", target="attachment"),
    Endpoint(
        "api:review",
        "/api/agreements/review?year=2023",
        rows=REVIEW_2023_ROWS,
        callers=REVIEW_CALLERS,
        budget=18,
    ),
    Endpoint(
        "api:review:meeting",
        "/api/agreements/review?meeting={meeting_dpd}",
        target="meeting_dpd",
        callers=("liaison", "officer"),
    ),
    Endpoint("api:review_pdf", "/api/agreements/review.pdf?year=2023", callers=("outsider",)),
]

FEDERATION = [
    Endpoint("page:peers", "/federation/peers/", may=ADMINS, shows="LA", budget=10, budget_as="admin"),
    Endpoint(
        "page:peer_add",
        "/federation/peers/add/",
        "POST",
        {"url": "https://127.0.0.1:1", "fingerprint": "nope"},
        may=ADMINS,
        ok=400,  # the form's error: the permission check passed
    ),
    Endpoint("page:peer", "/federation/peers/LA/", may=ADMINS, shows="{dead_letter}"),
    Endpoint(
        "page:peer_remove", "/federation/peers/LA/remove/", "POST", {}, may=ADMINS, ok=302, audited=True
    ),
    Endpoint(
        "page:dead_letter_retry",
        "/federation/peers/LA/dead-letters/{dead_letter}/retry/",
        "POST",
        {},
        may=ADMINS,
        ok=302,
        audited=True,
    ),
    Endpoint("api:peers", "/api/federation/peers", may=ADMINS, shows="LA", budget=8, budget_as="admin"),
    Endpoint("api:peer", "/api/federation/peers/LA", may=ADMINS, shows="{dead_letter}"),
    Endpoint(
        "api:dead_letter_retry",
        "/api/federation/peers/LA/dead-letters/{dead_letter}/retry",
        "POST",
        may=ADMINS,
        audited=True,
    ),
]

ENDPOINTS = CORE + AGREEMENTS_PAGES + AGREEMENTS_API + FEDERATION


@pytest.mark.parametrize(("endpoint", "actor"), matrix.cases(ENDPOINTS, ACTORS))
def test_permission_matrix(world: World, endpoint: Endpoint, actor: str) -> None:
    matrix.check(endpoint, actor, world)


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS))
def test_list_query_budget(world: World, endpoint: Endpoint, django_assert_max_num_queries: Any) -> None:
    matrix.check_budget(endpoint, world, django_assert_max_num_queries)


def _add_rows(world: World) -> None:
    """More of every kind of row the lists show: units, a twinning, meetings, signed documents with
    commitments of DCD and Quang Tri, and a second peer."""
    import datetime as dt

    from liaison.agreements import services as agreements
    from liaison.agreements.models import Commitment
    from liaison.core import services as core
    from liaison.core.models import Official, Party, Unit

    liaison = world.officers["liaison"]
    vn, la = Party.objects.get(code="VN"), Party.objects.get(code="LA")
    signatory = Official.objects.get(key="luong_tam_quang")  # vn.signatory holds a key for him
    mps = Unit.objects.get(code="VN-MPS")
    new_units = [
        core.do_save_unit(
            f"VN-MX-{i}", party=vn, kind="department", names={"en": f"MX {i}"}, parent=mps, acting_user=None
        )
        for i in range(3)
    ]
    core.do_create_twinning(new_units[0], Unit.objects.get(code="LA-PS-ATP"), acting_user=None)
    for i in range(3):
        meeting = agreements.do_save_meeting(
            kind="other",
            starts_on=dt.date(2023, 5, 1 + i),
            parties=[vn, la],
            titles={"en": f"Scaling meeting {i}"},
            host_party=vn,
            acting_user=liaison,
        )
        agreements.check_create_document(
            reference=f"MX-{i}",
            kind="minutes",
            parties=[vn, la],
            signatories={"VN": signatory},
            titles={"en": f"Scaling minutes {i}"},
            working_language="en",
            texts={"en": "Article 1"},
            undertakings=[
                _undertaking(f"mx{i}a", {"VN": "VN-MPS-DCD", "LA": "LA-MPS-DCD"}),
                _undertaking(f"mx{i}b", {"VN": "VN-PS-QTR", "LA": "LA-PS-SVK"}),
            ],
            meeting=meeting,
            plan_year=2023,
            signed_on_paper=dt.date(2023, 5, 1 + i),
            acting_user=liaison,
        )
    assert Commitment.objects.filter(document__reference__startswith="MX-").count() == 6
    _pin_peer("KH", Path(tempfile.mkdtemp(dir=world.values["data_dir"])), 10)


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS, scaling=True))
def test_list_queries_do_not_grow_with_rows(world: World, endpoint: Endpoint) -> None:
    matrix.check_scaling(endpoint, world, lambda: _add_rows(world))
