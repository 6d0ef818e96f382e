"""The permission matrix of every exchange page and API endpoint (STYLE.md, rules 6 and 7), through
the shared helper in tests/matrix.py.

The world is this VN node with the demo loaded (its officers by role; the exchange demo's schedules
between Quang Tri and Savannakhet with a year of reports), an officer of an LA unit, three messages
from Quang Tri's duty officer to Savannakhet (AMBER with an attachment, GREEN, and RED naming
vn.outsider), a pending request to pass the AMBER one on, and a new schedule with nothing filed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from tests import matrix
from tests.matrix import Endpoint, Target, World

pytestmark = pytest.mark.django_db

OFFICERS = {
    "viewer": "vn.viewer",  # VN-MPS-ICD, viewer
    "officer": "vn.officer",  # VN-MPS-DCD, officer
    "duty": "vn.duty",  # VN-PS-QTR, duty officer: writes the messages
    "liaison": "vn.liaison",  # VN-MPS-ICD, liaison
    "admin": "vn.admin",  # VN-MPS, node administrator (above Quang Tri, but no writer role)
    "outsider": "vn.outsider",  # VN-PS-KTM, officer: named on the RED message only
    "la_svk": "la.svk",  # LA-PS-SVK, officer of the recipient unit (another party's)
}
ACTORS = tuple(OFFICERS)
WRITERS = frozenset({"officer", "duty", "liaison", "outsider", "la_svk"})
ON_THIS_NODE = tuple(a for a in ACTORS if a != "la_svk")  # writes need one's own party's node

VISIBILITY = {
    # AMBER from Quang Tri to Savannakhet: the two units' subtrees (nobody above them)
    "thread_amber": frozenset({"duty", "la_svk"}),
    "msg_amber": frozenset({"duty", "la_svk"}),
    "attachment": frozenset({"duty", "la_svk"}),
    "widen": frozenset({"duty", "la_svk"}),
    "thread_green": frozenset(ACTORS),  # every unit of both parties
    "thread_red": frozenset({"duty", "outsider"}),  # the author and the named officer
    # schedules and reports: the two units and the units above them
    "schedule": frozenset({"duty", "admin", "la_svk"}),
    "schedule_new": frozenset({"duty", "admin", "la_svk"}),
    "report": frozenset({"duty", "admin", "la_svk"}),
}

MESSAGE = {
    "offence": "drug_trafficking",
    "tlp": "amber",
    "priority": "urgent",
    "legal_basis": "Agreement of 2022, art. 4",
    "language": "en",
    "body": "Matrix message.",
}


def _build_world() -> World:
    from liaison.core import services as core
    from liaison.core.models import Officer, Unit
    from liaison.demo.core import load_demo
    from liaison.demo.exchange import demo_uid
    from liaison.exchange import services
    from liaison.exchange.models import Attachment, Report, ReportSchedule

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
    officers = {name: Officer.objects.get(username=username) for name, username in OFFICERS.items()}
    duty, svk = officers["duty"], Unit.objects.get(code="LA-PS-SVK")

    def send(tlp: str, subject: str, **extra: Any) -> Any:
        return services.check_send_message(
            services.Draft(**{**MESSAGE, "tlp": tlp, "body": f"Body of {subject}"}, **extra),
            recipient_unit=svk,
            subject=subject,
            acting_user=duty,
        )

    amber = send("amber", "MX-AMBER", attachments=[services.NewFile("note.txt", b"patrol note")])
    green = send("green", "MX-GREEN")
    red = send("red", "MX-RED", named_recipients=[("VN", "vn.outsider")])
    widen = services.check_request_widen(
        amber, unit=Unit.objects.get(code="VN-PS-KTM"), reason="Same route.", acting_user=duty
    )
    schedule = ReportSchedule.objects.get(uid=demo_uid("schedule", "qtr-svk-monthly"))
    fresh = services.check_save_schedule(
        titles={"en": "MX weekly-ish"},
        reporting_unit=Unit.objects.get(code="VN-PS-QTR"),
        recipient_unit=svk,
        starts_on=dt.date.today().replace(day=1) - dt.timedelta(days=70),
        acting_user=duty,
    )
    records = {
        "thread_amber": (amber.thread.uid, "MX-AMBER"),
        "msg_amber": (amber.uid, "Body of MX-AMBER"),
        "attachment": (Attachment.objects.get(message=amber).uid, ""),
        "widen": (widen.uid, ""),
        "thread_green": (green.thread.uid, "MX-GREEN"),
        "thread_red": (red.thread.uid, "MX-RED"),
        "schedule": (schedule.uid, ""),
        "schedule_new": (fresh.uid, ""),
        "report": (Report.objects.filter(schedule=schedule).first().uid, ""),  # type: ignore[union-attr]
    }
    targets = {key: Target(key, str(uid), VISIBILITY[key], marker) for key, (uid, marker) in records.items()}
    first_open = fresh.periods()[-1].start.isoformat()
    world = World(officers=officers, targets=targets, values={"period": first_open})
    world.log_in_everyone()
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("exchange-matrix-node")
    with matrix.shared_data(django_db_blocker, data_dir):
        yield _build_world()


THREAD_ROWS = ("thread_amber", "thread_green", "thread_red")
SCHEDULE_ROWS = ("schedule", "schedule_new")
THREAD_FORM = {**MESSAGE, "recipient_unit": "LA-PS-SVK", "subject": "Matrix page thread"}
REPORT_FORM = {
    "period": "{period}",
    "crossings": "10",
    "incidents": "1",
    "language": "en",
    "narrative": "Calm.",
}
SCHEDULE_FORM = {
    "title": "Matrix schedule",
    "reporting_unit": "VN-PS-QTR",
    "recipient_unit": "LA-PS-SVK",
    "frequency": "monthly",
    "due_day": "5",
    "remind_days_before": "3",
    "starts_on": "2026-01-01",
}
QTR_SETUP = ("viewer", "officer", "duty", "admin", "outsider")  # ICD's liaison covers neither unit

PAGES = [
    Endpoint("page:threads", "/exchange/", rows=THREAD_ROWS, budget=10, budget_as="duty"),
    Endpoint(
        "page:thread:amber",
        "/exchange/threads/{thread_amber}/",
        target="thread_amber",
        shows="Body of MX-AMBER",
    ),
    Endpoint(
        "page:thread:red", "/exchange/threads/{thread_red}/", target="thread_red", shows="Body of MX-RED"
    ),
    Endpoint("page:thread:green", "/exchange/threads/{thread_green}/", target="thread_green"),
    Endpoint("page:thread_create", "/exchange/threads/new/", may=WRITERS),
    Endpoint(
        "page:thread_create:post",
        "/exchange/threads/new/",
        "POST",
        THREAD_FORM,
        may=WRITERS,
        ok=302,
        audited=True,
        callers=ON_THIS_NODE,
    ),
    Endpoint(
        "page:thread_reply",
        "/exchange/threads/{thread_amber}/reply/",
        "POST",
        MESSAGE,
        target="thread_amber",
        may=frozenset({"duty"}),
        ok=302,
        denied=302,  # the refusal is a message on the thread page
        audited=True,
    ),
    Endpoint("page:attachment", "/exchange/attachments/{attachment}/", target="attachment"),
    Endpoint(
        "page:widen",
        "/exchange/messages/{msg_amber}/widen/",
        "POST",
        {"unit": "VN-MPS-DCD", "reason": "They run the case."},
        target="msg_amber",
        may=frozenset({"duty"}),
        ok=302,
        denied=302,
        audited=True,
    ),
    Endpoint(
        "page:widen_decide",
        "/exchange/widen/{widen}/decide/",
        "POST",
        {"decision": "grant"},
        target="widen",
        may=frozenset({"duty"}),
        ok=302,
        denied=302,
        audited=True,
    ),
    Endpoint("page:schedules", "/exchange/reports/", rows=SCHEDULE_ROWS, budget=9, budget_as="duty"),
    Endpoint("page:schedule", "/exchange/reports/{schedule}/", target="schedule"),
    Endpoint(
        "page:schedule:file",
        "/exchange/reports/{schedule_new}/",
        "POST",
        REPORT_FORM,
        target="schedule_new",
        may=frozenset({"duty"}),
        ok=302,
        audited=True,
    ),
    Endpoint("page:schedule_create", "/exchange/reports/new/", may=frozenset({"duty", "liaison"})),
    Endpoint(
        "page:schedule_create:post",
        "/exchange/reports/new/",
        "POST",
        SCHEDULE_FORM,
        may=frozenset({"duty"}),
        ok=302,
        audited=True,
        callers=QTR_SETUP,
    ),
    Endpoint("page:report", "/exchange/reports/filed/{report}/", target="report"),
]

API_MESSAGE = {**MESSAGE}
API = [
    Endpoint("api:threads", "/api/exchange/threads", rows=THREAD_ROWS, budget=8, budget_as="duty"),
    Endpoint(
        "api:thread", "/api/exchange/threads/{thread_amber}", target="thread_amber", shows="Body of MX-AMBER"
    ),
    Endpoint("api:thread:red", "/api/exchange/threads/{thread_red}", target="thread_red"),
    Endpoint("api:message", "/api/exchange/messages/{msg_amber}", target="msg_amber"),
    Endpoint(
        "api:thread_create",
        "/api/exchange/threads",
        "POST",
        {**API_MESSAGE, "recipient_unit": "LA-PS-SVK", "subject": "Matrix API thread"},
        json=True,
        may=WRITERS,
        ok=201,
        audited=True,
        callers=ON_THIS_NODE,
    ),
    Endpoint(
        "api:reply",
        "/api/exchange/threads/{thread_amber}/messages",
        "POST",
        API_MESSAGE,
        json=True,
        target="thread_amber",
        may=frozenset({"duty"}),
        ok=201,
        audited=True,
    ),
    Endpoint("api:attachment", "/api/exchange/attachments/{attachment}", target="attachment"),
    Endpoint(
        "api:widen",
        "/api/exchange/messages/{msg_amber}/widen",
        "POST",
        {"unit": "VN-MPS-DCD", "reason": "They run the case."},
        json=True,
        target="msg_amber",
        may=frozenset({"duty"}),
        ok=201,
        audited=True,
    ),
    Endpoint(
        "api:widen_decide",
        "/api/exchange/widen/{widen}/decide",
        "POST",
        {"grant": True},
        json=True,
        target="widen",
        may=frozenset({"duty"}),
        audited=True,
    ),
    Endpoint("api:schedules", "/api/exchange/schedules", rows=SCHEDULE_ROWS, budget=7, budget_as="duty"),
    Endpoint("api:schedule", "/api/exchange/schedules/{schedule}", target="schedule"),
    Endpoint(
        "api:schedule_create",
        "/api/exchange/schedules",
        "POST",
        {**SCHEDULE_FORM, "due_day": 5, "remind_days_before": 3},
        json=True,
        may=frozenset({"duty"}),
        ok=201,
        audited=True,
        callers=QTR_SETUP,
    ),
    Endpoint(
        "api:file_report",
        "/api/exchange/schedules/{schedule_new}/reports",
        "POST",
        {"period_start": "{period}", "crossings": 10, "incidents": 1, "language": "en"},
        json=True,
        target="schedule_new",
        may=frozenset({"duty"}),
        ok=201,
        audited=True,
    ),
    Endpoint("api:report", "/api/exchange/reports/{report}", target="report"),
    Endpoint("api:figures", "/api/exchange/figures"),
]

ENDPOINTS = PAGES + API


@pytest.mark.parametrize(("endpoint", "actor"), matrix.cases(ENDPOINTS, ACTORS))
def test_permission_matrix(world: World, endpoint: Endpoint, actor: str) -> None:
    matrix.check(endpoint, actor, world)


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS))
def test_list_query_budget(world: World, endpoint: Endpoint, django_assert_max_num_queries: Any) -> None:
    matrix.check_budget(endpoint, world, django_assert_max_num_queries)


def _add_rows(world: World) -> None:
    """More threads (one per label) and another schedule with reports."""
    from liaison.core.models import Unit
    from liaison.exchange import services

    duty = world.officers["duty"]
    svk = Unit.objects.get(code="LA-PS-SVK")
    for tlp in ("clear", "green", "amber", "amber_strict"):
        services.check_send_message(
            services.Draft(**{**MESSAGE, "tlp": tlp}),
            recipient_unit=svk,
            subject=f"more {tlp}",
            acting_user=duty,
        )
    more = services.check_save_schedule(
        titles={"en": "More"},
        reporting_unit=Unit.objects.get(code="VN-PS-QTR"),
        recipient_unit=Unit.objects.get(code="LA-PS-SLV"),
        starts_on=dt.date(2025, 1, 1),
        acting_user=duty,
    )
    for start in more.period_starts(dt.date.today())[:3]:
        services.check_file_report(
            more,
            period_start=start,
            crossings=1,
            incidents=0,
            seizures={},
            narrative="",
            language="en",
            acting_user=duty,
        )


@pytest.mark.parametrize("endpoint", matrix.budget_cases(ENDPOINTS, scaling=True))
def test_list_queries_do_not_grow_with_rows(world: World, endpoint: Endpoint) -> None:
    matrix.check_scaling(endpoint, world, lambda: _add_rows(world))
