"""The demo as an officer sees it: each commitment names its own article, meetings and documents keep
their source sentences and other reports, and invented progress is marked illustrative."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from liaison.agreements.models import Commitment, Document, Meeting
from liaison.demo.agreements_data import COMMITMENTS, DOCUMENTS, MEETINGS

from .test_seed_quotes import MISLABELLED

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity):  # type: ignore[no-untyped-def]
    from liaison.demo.core import load_demo

    load_demo()
    return node_identity


def _page(path: str, username: str = "vn.liaison") -> str:
    from liaison.core.models import Officer

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Officer.objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def _illustrative_tags(page: str) -> int:
    return len(re.findall(r'class="tag demo illustrative"', page))


def test_each_commitment_page_names_the_article_of_its_own_sentence(demo) -> None:  # type: ignore[no-untyped-def]
    by_key = {c["key"]: c for c in COMMITMENTS}
    for key, seed_file in MISLABELLED.items():
        commitment = Commitment.objects.get(key=key)
        assert commitment.source_ref == f"seeds/{seed_file}"
        assert commitment.source_ref != commitment.document.source_ref
        page = _page(f"/agreements/commitments/{commitment.uid}/")
        assert f'<code id="commitment-source">seeds/{seed_file}</code>' in page, key
        assert by_key[key]["source_quote"] in page, key


def test_meeting_and_document_pages_show_their_sentence_and_other_reports(demo) -> None:  # type: ignore[no-untyped-def]
    row = next(m for m in MEETINGS if m["key"] == "sec-conf-12")
    page = _page(f"/agreements/meetings/{Meeting.objects.get(number=12).uid}/")
    assert row["source_quote"] in page
    assert "Also reported" in page
    for other in row["also_reported"]:
        assert other["quote"] in page and other["source"] in page
    for row in DOCUMENTS:
        document = Document.objects.get(reference=row["key"].upper())
        assert document.source_quote == row["source_quote"]
        assert row["source_quote"] in _page(f"/agreements/documents/{document.uid}/"), row["key"]


def test_invented_progress_is_marked_illustrative_and_claims_no_feature(demo) -> None:  # type: ignore[no-untyped-def]
    from liaison.agreements import services
    from liaison.core.models import Officer

    commitment = Commitment.objects.get(key="m14-info-sharing")
    page = _page(f"/agreements/commitments/{commitment.uid}/")
    assert "hit/no-hit" not in page.lower()
    # One tag on the status, one on the single (invented) progress entry.
    assert _illustrative_tags(page) == 2
    listing = _page("/agreements/commitments/")
    assert _illustrative_tags(listing) == Commitment.objects.count()

    # Once a party reports real progress, the status is theirs: only the invented entry keeps its tag.
    services.check_record_progress(
        commitment,
        status="in_progress",
        note="First monthly meeting held.",
        acting_user=Officer.objects.get(username="vn.liaison"),
    )
    assert _illustrative_tags(_page(f"/agreements/commitments/{commitment.uid}/")) == 1
    assert _illustrative_tags(_page("/agreements/commitments/")) == Commitment.objects.count() - 1


def test_the_demo_escalation_chain_is_marked_illustrative_until_an_administrator_sets_one(demo) -> None:  # type: ignore[no-untyped-def]
    from liaison.core.models import Officer, Unit
    from liaison.demo.hotline import DESKS
    from liaison.demo.hotline import load_demo as load_hotline_demo
    from liaison.hotline import services

    load_hotline_demo("VN")
    Officer.objects.filter(username="vn.duty").update(language="en")
    page = _page("/hotline/roster/", username="vn.duty")
    chain = page[page.index('id="chain"') :]
    assert _illustrative_tags(page) == 1
    assert "At once: Notify the duty officers again" in chain
    assert "After 5 minutes: Notify the unit head" in chain
    assert "Then the chain runs 1 more time." in chain
    assert DESKS["VN"]["desk_email"] in chain and DESKS["VN"]["head_email"] in chain

    services.check_set_escalation_chain(
        Unit.objects.get(code="VN-PS-QTR"),
        steps=[(0, "notify_duty"), (90, "notify_desk")],
        acting_user=Officer.objects.get(username="vn.admin"),
    )
    page = _page("/hotline/roster/", username="vn.duty")
    assert _illustrative_tags(page) == 0
    assert "After 90 s: Notify the ministry's 24/7 desk" in page
