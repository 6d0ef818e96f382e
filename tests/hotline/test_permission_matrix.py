"""The permission matrix of the hotline's pages and API (STYLE.md, rules 6 and 7), through the
shared helper in tests/matrix.py.

The world is this VN node with the demo loaded (one officer per role, see core/demo_data.py) and
three alerts: one received from Savannakhet for Quang Tri's desk, one raised by Quang Tri to
Savannakhet, and one received from Attapeu for Kon Tum's desk. An officer sees the alerts of their
own unit and of the units below it (the node administrator's unit is the ministry, at the root).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests import matrix
from tests.matrix import Endpoint, Target, World

pytestmark = pytest.mark.django_db

OFFICERS = {
    "viewer": "vn.viewer",  # VN-MPS-ICD, viewer
    "officer": "vn.officer",  # VN-MPS-DCD, officer
    "duty": "vn.duty",  # VN-PS-QTR, duty officer
    "liaison": "vn.liaison",  # VN-MPS-ICD, liaison
    "admin": "vn.admin",  # VN-MPS, node administrator
    "outsider": "vn.outsider",  # VN-PS-KTM, officer
}
ACTORS = tuple(OFFICERS)


def _payload(from_unit: str, to_unit: str, subject: str) -> dict[str, Any]:
    return {
        "uid": str(uuid.uuid4()),
        "from_unit": from_unit,
        "to_unit": to_unit,
        "kind": "cross_border_pursuit",
        "offence_category": None,
        "subject": subject,
        "details": "",
        "language": "en",
        "raised_by": "LA desk",
        "raised_at": timezone.now().isoformat(),
    }


def _build_world() -> World:
    from liaison.core import services as core
    from liaison.core.models import Officer, Twinning, Unit
    from liaison.demo.core import load_demo
    from liaison.hotline import services

    core.do_save_party("VN", names={"en": "Vietnam"}, language="vi", acting_user=None)
    core.do_init_node("VN", public_url="https://127.0.0.1:8443", hostnames=["127.0.0.1"], acting_user=None)
    load_demo()
    officers = {name: Officer.objects.get(username=username) for name, username in OFFICERS.items()}
    incoming = services.receive_alert(_payload("LA-PS-SVK", "VN-PS-QTR", "MX-INCOMING-QTR"), from_party="LA")
    kontum = services.receive_alert(_payload("LA-PS-ATP", "VN-PS-KTM", "MX-INCOMING-KTM"), from_party="LA")
    outgoing = services.check_raise_alert(
        acting_user=officers["duty"],
        to_unit=Unit.objects.get(code="LA-PS-SVK"),
        kind="missing_person",
        subject="MX-OUTGOING-QTR",
    )
    twinning = Twinning.objects.get(unit_a__code="VN-PS-QTR", unit_b__code="LA-PS-SVK")
    qtr = frozenset({"duty", "admin"})
    targets = {
        "incoming": Target("incoming", str(incoming.uid), qtr, marker="MX-INCOMING-QTR"),
        "outgoing": Target("outgoing", str(outgoing.uid), qtr, marker="MX-OUTGOING-QTR"),
        "kontum": Target(
            "kontum", str(kontum.uid), frozenset({"outsider", "admin"}), marker="MX-INCOMING-KTM"
        ),
        "qtr": Target("qtr", "VN-PS-QTR", qtr),
        "twinning": Target("twinning", str(twinning.pk), qtr),
    }
    world = World(officers=officers, targets=targets)
    world.log_in_everyone()
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    with matrix.shared_data(django_db_blocker, tmp_path_factory.mktemp("hotline-matrix")):
        yield _build_world()


ALERT_ROWS = ("incoming", "outgoing", "kontum")
DESK = frozenset({"duty"})
RAISERS = frozenset({"duty", "officer", "outsider"})  # roles duty officer or officer
ADMINS = frozenset({"admin"})
SHIFT = {
    "officer": "vn.duty",
    "starts_at": "2030-01-01T07:00:00+07:00",
    "ends_at": "2030-01-01T19:00:00+07:00",
}

PAGES = [
    Endpoint("page:index", "/hotline/", rows=ALERT_ROWS, budget=14),
    Endpoint("page:panel", "/hotline/panel/", rows=ALERT_ROWS, budget=10),
    Endpoint("page:alert", "/hotline/alerts/{incoming}/", target="incoming", shows="MX-INCOMING-QTR"),
    Endpoint("page:alert_out", "/hotline/alerts/{outgoing}/", target="outgoing", shows="MX-OUTGOING-QTR"),
    Endpoint("page:new", "/hotline/alerts/new/", may=RAISERS),
    Endpoint(
        "page:acknowledge",
        "/hotline/alerts/{incoming}/acknowledge/",
        method="POST",
        data={"note": "seen"},
        target="incoming",
        may=DESK,
        ok=302,
        audited=True,
    ),
    Endpoint(
        "page:resolve",
        "/hotline/alerts/{outgoing}/resolve/",
        method="POST",
        data={"note": "found"},
        target="outgoing",
        may=DESK,
        ok=302,
        audited=True,
    ),
    Endpoint("page:figures", "/hotline/figures/"),
    Endpoint("page:roster", "/hotline/roster/"),
]

API = [
    Endpoint("api:alerts", "/api/hotline/alerts", rows=ALERT_ROWS, budget=6),
    Endpoint("api:alert", "/api/hotline/alerts/{incoming}", target="incoming", shows="MX-INCOMING-QTR"),
    Endpoint(
        "api:raise",
        "/api/hotline/alerts",
        method="POST",
        json=True,
        data={"to_unit": "LA-PS-SVK", "kind": "imminent_threat", "subject": "MX-API"},
        may=DESK,
        ok=201,
        audited=True,
        # officers of units twinned with no LA unit get 422 (validation), not 403: left out
        callers=("duty", "viewer", "liaison", "admin"),
    ),
    Endpoint(
        "api:acknowledge",
        "/api/hotline/alerts/{incoming}/acknowledge",
        method="POST",
        json=True,
        data={"note": "seen"},
        target="incoming",
        may=DESK,
        audited=True,
    ),
    Endpoint(
        "api:resolve",
        "/api/hotline/alerts/{outgoing}/resolve",
        method="POST",
        json=True,
        data={"note": "found"},
        target="outgoing",
        may=DESK,
        audited=True,
    ),
    Endpoint("api:figures", "/api/hotline/figures"),
    Endpoint("api:on_duty", "/api/hotline/units/{qtr}/on-duty", target="qtr", shows="vn.duty"),
    Endpoint(
        "api:add_shift",
        "/api/hotline/units/{qtr}/shifts",
        method="POST",
        json=True,
        data=SHIFT,
        target="qtr",
        may=frozenset({"duty", "admin"}),
        ok=201,
        audited=True,
    ),
    Endpoint(
        "api:chain",
        "/api/hotline/units/{qtr}/escalation",
        method="PUT",
        json=True,
        data={"steps": [{"wait_seconds": 0, "action": "notify_duty"}], "repeat_times": 0},
        target="qtr",
        may=ADMINS,
        audited=True,
    ),
    Endpoint(
        "api:contacts",
        "/api/hotline/units/{qtr}/contacts",
        method="PUT",
        json=True,
        data={"desk_email": "desk@example.test"},
        target="qtr",
        may=ADMINS,
        audited=True,
    ),
    Endpoint(
        "api:deadline",
        "/api/hotline/twinnings/{twinning}/deadline",
        method="PUT",
        json=True,
        data={"seconds": 300},
        target="twinning",
        may=ADMINS,
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


def _add_alerts(world: World) -> None:
    from liaison.hotline import services

    for n in range(5):
        services.receive_alert(_payload("LA-PS-SVK", "VN-PS-QTR", f"MX-MORE-{n}"), from_party="LA")


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS, scaling=True))
def test_list_queries_do_not_grow_with_rows(world: World, endpoint: Endpoint) -> None:
    endpoint = Endpoint(**{**endpoint.__dict__, "budget_as": "admin"})
    matrix.check_scaling(endpoint, world, lambda: _add_alerts(world))
