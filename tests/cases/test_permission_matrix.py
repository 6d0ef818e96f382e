"""The permission matrix of every page and API endpoint of the cases app (STYLE.md, rules 6 and 7),
through the shared helper in tests/matrix.py.

The world is this VN node with the demo loaded: the illustrative joint case of Quang Tri (VN-PS-QTR)
and the drug crime departments with Savannakhet (LA-PS-SVK), the demo hit/no-hit query asked by the
Quang Tri duty officer, the demo request Quang Tri sent to Savannakhet, and a request Savannakhet
sent to Quang Tri (which only Quang Tri's officers may act on).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import matrix
from tests.federation.conftest import pin_remote
from tests.matrix import Endpoint, Target, World

pytestmark = pytest.mark.django_db

OFFICERS = {
    "viewer": "vn.viewer",  # VN-MPS-ICD, viewer
    "officer": "vn.officer",  # VN-MPS-DCD, officer: DCD works the demo case
    "duty": "vn.duty",  # VN-PS-QTR, duty officer: works the case, asked the demo query
    "liaison": "vn.liaison",  # VN-MPS-ICD, liaison: works no case
    "admin": "vn.admin",  # VN-MPS (root), node administrator
    "outsider": "vn.outsider",  # VN-PS-KTM, officer: works no case
    "la_svk": "la.svk",  # LA-PS-SVK, officer: another party's unit working the case
}
ACTORS = tuple(OFFICERS)
WORKERS = frozenset({"officer", "duty", "liaison", "outsider", "la_svk"})  # roles that work cases
ADMINS = frozenset({"admin"})

VISIBILITY: dict[str, frozenset[str]] = {
    "case": frozenset({"officer", "duty", "admin", "la_svk"}),
    "hit": frozenset({"duty", "admin"}),  # the asking officer and the units above theirs
    "request_out": frozenset({"duty", "admin", "la_svk"}),  # VN-PS-QTR -> LA-PS-SVK
    "request_in": frozenset({"duty", "admin", "la_svk"}),  # LA-PS-SVK -> VN-PS-QTR
}


def _build_world() -> World:
    from liaison.cases import services
    from liaison.cases.models import AssistanceRequest, Case, HitQuery
    from liaison.core import services as core
    from liaison.core.models import Officer, Unit
    from liaison.demo.cases import demo_uid
    from liaison.demo.core import load_demo

    core.do_save_party("VN", names={"en": "Vietnam"}, language="vi", acting_user=None)
    core.do_init_node("VN", public_url="https://127.0.0.1:8443", hostnames=["127.0.0.1"], acting_user=None)
    load_demo()
    core.do_create_officer(
        "la.svk",
        password="x",
        unit=Unit.objects.get(code="LA-PS-SVK"),
        roles=["officer"],
        full_name="Savannakhet Officer",
        language="en",
        acting_user=None,
    )
    case = Case.objects.get(uid=demo_uid("case"))
    asked = dt.datetime.now(dt.UTC)
    incoming = services.receive_request(
        {
            "uid": str(uuid.uuid4()),
            "case_uid": str(case.uid),
            "case_reference": case.reference,
            "from_unit": "LA-PS-SVK",
            "to_unit": "VN-PS-QTR",
            "urgency": "routine",
            "subject": "Matrix incoming request",
            "asked_at": asked.isoformat(),
            "deadline": (asked + dt.timedelta(days=7)).isoformat(),
        },
        from_party="LA",
    )
    records = {
        "case": (case, case.reference),
        "hit": (HitQuery.objects.get(uid=demo_uid("hit-query")), ""),
        "request_out": (AssistanceRequest.objects.get(uid=demo_uid("request")), "Identity and address"),
        "request_in": (incoming, "Matrix incoming request"),
    }
    targets = {
        key: Target(key, str(record.uid), VISIBILITY[key], marker=marker)
        for key, (record, marker) in records.items()
    }
    officers = {name: Officer.objects.get(username=username) for name, username in OFFICERS.items()}
    world = World(officers=officers, targets=targets)
    world.log_in_everyone()
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    data_dir: Path = tmp_path_factory.mktemp("cases-matrix-node")
    with matrix.shared_data(django_db_blocker, data_dir):
        world = _build_world()
        pin_remote(data_dir / "la-node", "LA")  # so that queries to LA can be sent
        yield world


CASE_FORM = {"reference": "MX-CASE-1", "title": "Matrix case", "offence": "fraud", "units": ["LA-PS-SVK"]}
CASE_BODY = {"reference": "MX-CASE-2", "title": "Matrix case", "offence": "fraud", "units": ["LA-PS-SVK"]}
ENTITY_FORM = {"kind": "person", "names": "Nguyễn Văn Matrix"}
ENTITY_BODY = {"kind": "person", "names": ["Nguyễn Văn Matrix"]}
QUERY_FORM = {"to_party": "LA", "names": "Bounleut Phommachan", "offence": "drug_trafficking"}
QUERY_BODY = {"to_party": "LA", "names": ["Bounleut Phommachan"], "offence": "drug_trafficking"}
REQUEST_BODY = {"to_unit": "LA-PS-SVK", "urgency": "urgent", "subject": "Matrix request"}
ACTION_FORM = {"status": "accepted"}

PAGES = [
    Endpoint("page:cases", "/cases/", rows=("case", "request_out", "request_in"), budget=12),
    Endpoint("page:case_create", "/cases/new/", may=WORKERS),
    Endpoint("page:case_create:post", "/cases/new/", "POST", CASE_FORM, may=WORKERS, ok=302, audited=True),
    Endpoint("page:case", "/cases/{case}/", target="case", rows=("request_out", "request_in")),
    Endpoint(
        "page:case:add_entity",
        "/cases/{case}/",
        "POST",
        ENTITY_FORM,
        target="case",
        may=WORKERS,
        ok=302,
        audited=True,
    ),
    Endpoint(
        "page:case:status",
        "/cases/{case}/status/",
        "POST",
        {"status": "suspended"},
        target="case",
        may=WORKERS,
        ok=302,
        denied=403,
        audited=True,
    ),
    Endpoint("page:hit_query", "/cases/hit/", may=WORKERS),
    Endpoint("page:hit_query:post", "/cases/hit/", "POST", QUERY_FORM, may=WORKERS, ok=302, audited=True),
    Endpoint("page:hit_result", "/cases/hit/{hit}/", target="hit"),
    Endpoint("page:requests", "/cases/requests/", rows=("request_out", "request_in"), budget=10),
    Endpoint("page:request_create", "/cases/requests/new/", may=WORKERS),
    Endpoint("page:request", "/cases/requests/{request_out}/", target="request_out"),
    Endpoint(
        "page:request:act_on_own",  # a request this node sent: only the requested node acts on it
        "/cases/requests/{request_out}/",
        "POST",
        ACTION_FORM,
        target="request_out",
        may=frozenset(),
    ),
    Endpoint(
        "page:request:accept",
        "/cases/requests/{request_in}/",
        "POST",
        ACTION_FORM,
        target="request_in",
        may=frozenset({"duty"}),  # Quang Tri, the requested unit
        ok=302,
        audited=True,
    ),
    Endpoint("page:query_figures", "/cases/queries/daily/", may=ADMINS),
]

API = [
    Endpoint("api:cases", "/api/cases/cases", rows=("case",), budget=6),
    Endpoint(
        "api:case_open", "/api/cases/cases", "POST", CASE_BODY, json=True, may=WORKERS, ok=201, audited=True
    ),
    Endpoint("api:case", "/api/cases/cases/{case}", target="case"),
    Endpoint(
        "api:case:status",
        "/api/cases/cases/{case}/status",
        "POST",
        {"status": "closed"},
        json=True,
        target="case",
        may=WORKERS,
        audited=True,
    ),
    Endpoint(
        "api:case:add_entity",
        "/api/cases/cases/{case}/entities",
        "POST",
        ENTITY_BODY,
        json=True,
        target="case",
        may=WORKERS,
        ok=201,
        audited=True,
    ),
    Endpoint(
        "api:hit_ask",
        "/api/cases/hit-queries",
        "POST",
        QUERY_BODY,
        json=True,
        may=WORKERS,
        ok=201,
        audited=True,
    ),
    Endpoint("api:hit_queries", "/api/cases/hit-queries", rows=("hit",), budget=5),
    Endpoint("api:hit_query", "/api/cases/hit-queries/{hit}", target="hit"),
    Endpoint("api:query_figures", "/api/cases/query-figures", may=ADMINS),
    Endpoint("api:requests", "/api/cases/requests", rows=("request_out", "request_in"), budget=5),
    Endpoint(
        "api:request_send",
        "/api/cases/requests",
        "POST",
        REQUEST_BODY,
        json=True,
        may=WORKERS - {"la_svk"},  # requests leave from a unit of this node's party
        ok=201,
        audited=True,
    ),
    Endpoint("api:request", "/api/cases/requests/{request_out}", target="request_out"),
    Endpoint(
        "api:request:accept_own",
        "/api/cases/requests/{request_out}/accept",
        "POST",
        target="request_out",
        may=frozenset(),
    ),
    Endpoint(
        "api:request:accept",
        "/api/cases/requests/{request_in}/accept",
        "POST",
        target="request_in",
        may=frozenset({"duty"}),
        audited=True,
    ),
]

ENDPOINTS = PAGES + API


@pytest.mark.parametrize(("endpoint", "actor"), matrix.cases(ENDPOINTS, ACTORS))
def test_permission_matrix(world: World, endpoint: Endpoint, actor: str) -> None:
    matrix.check(endpoint, actor, world)


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS))
def test_list_query_budget(world: World, endpoint: Endpoint, django_assert_max_num_queries: Any) -> None:
    matrix.check_budget(endpoint, world, django_assert_max_num_queries)


def _add_rows(world: World) -> None:
    """More cases, requests both ways and queries, all seen by the budget's caller."""
    from liaison.cases import services
    from liaison.core.models import Party, Unit

    duty = world.officers["duty"]
    la, svk = Party.objects.get(code="LA"), Unit.objects.get(code="LA-PS-SVK")
    for i in range(3):
        case = services.check_open_case(
            reference=f"MX-SCALE-{i}",
            title=f"Scaling {i}",
            offence="fraud",
            parties=[],
            units=[svk],
            acting_user=duty,
        )
        services.check_send_request(
            case=case, to_unit=svk, urgency="routine", subject=f"Scale {i}", acting_user=duty
        )
        services.check_ask_hit(
            to_party=la, names=[f"Scale Person {i}"], offence="fraud", case=case, acting_user=duty
        )


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS, scaling=True))
def test_list_queries_do_not_grow_with_rows(world: World, endpoint: Endpoint) -> None:
    matrix.check_scaling(endpoint, world, lambda: _add_rows(world))
