"""The cases services on one real node (VN): cases and entities, hit/no-hit in both directions,
rate limit, malformed queries, assistance requests with deadlines and reminders."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from .conftest import sent

pytestmark = pytest.mark.django_db


def _events(event_type: str) -> list[Any]:
    from liaison.core.models import AuditEvent

    return list(AuditEvent.objects.filter(event_type=event_type).order_by("pk"))


def _person(case, names, **kw):  # type: ignore[no-untyped-def]
    from liaison.cases import services

    return services.check_add_entity(
        case, kind="person", names=[(n, "") for n in names], acting_user=None, **kw
    )


# --- cases ---------------------------------------------------------------------------------------


def test_open_case_shares_the_header_with_the_other_party_and_starts_the_timeline(case, qtr) -> None:  # type: ignore[no-untyped-def]
    assert case.party_codes() == ["LA", "VN"]
    assert set(case.units.values_list("code", flat=True)) == {"VN-QTR", "LA-SVK"}  # own unit added
    (payload,) = sent("cases.case.shared.v1")
    assert payload["to"] == "LA" and payload["reference"] == "VN-LA-TEST-1"
    assert payload["offence"] == "drug_trafficking"
    assert [e.kind for e in case.events.all()] == ["opened"]
    assert _events("case.saved")[-1].actor_id == qtr.pk


def test_a_case_outside_the_closed_offence_list_is_refused(node_identity, units, qtr) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(ValidationError, match="offence"):
        services.check_open_case(
            reference="X",
            title="X",
            offence="political_activity",
            parties=[],
            units=[units["LA-SVK"]],
            acting_user=qtr,
        )


def test_a_viewer_cannot_open_a_case(node_identity, units, viewer) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(PermissionDenied):
        services.check_open_case(
            reference="X", title="X", offence="fraud", parties=[], units=[units["LA-SVK"]], acting_user=viewer
        )


def test_entities_are_never_sent_and_a_person_is_filed_in_the_index(case, qtr) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import person_index, services
    from liaison.federation.models import OutboxEnvelope

    before = OutboxEnvelope.objects.count()
    person = services.check_add_entity(
        case, kind="person", names=[("ຄຳຫຼ້າ ສີວົງໄຊ", ""), ("Khamla Sivongxay", "")], acting_user=qtr
    )
    services.check_add_entity(case, kind="vehicle", label="74C-000.00", acting_user=qtr)
    assert OutboxEnvelope.objects.count() == before
    assert [n.script for n in person.names.all()] == ["laoo", "latn"]
    found = person_index.best_match(person_index.query_person(["Kham La Sivongsay"]))
    assert found is not None and found.entity_id == person.pk
    assert [e.kind for e in case.events.all()] == ["opened", "entity", "entity"]


def test_an_officer_of_a_unit_not_working_the_case_cannot_add_to_it(case, ktm) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(PermissionDenied):
        services.check_add_entity(case, kind="phone", label="+84 000", acting_user=ktm)


# --- hit/no-hit: answering a peer -----------------------------------------------------------------


def _peer_query(names: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "query": str(uuid.uuid4()),
        "asked_by": "ບຸນມີ ແສງທອງ",
        "asked_unit": "LA-SVK",
        "purpose": {"offence": "drug_trafficking", "case_uid": None, "case_reference": "LA-CASE-9"},
        "names": names,
        "birth_date": extra.get("birth_date", ""),
        "documents": extra.get("documents", []),
    }


def test_a_peer_query_for_a_person_held_under_a_lao_script_name_is_a_hit_with_an_opaque_reference(
    case,
) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    held = _person(
        case, ["ຄຳຫຼ້າ ສີວົງໄຊ"], birth_date="1983", documents=["DEMO-LA-ID-7730"], notes="warehouse in Xeno"
    )
    received = services.receive_hit_query(
        _peer_query(["Khamla Sivongxay"], birth_date="1983"), from_party="LA"
    )
    assert received.result == "hit" and received.entity_id == held.pk
    (answer,) = sent("cases.hit.answer.v1")
    assert set(answer) == {"to", "query", "result", "reference"}
    assert answer["result"] == "hit" and answer["reference"] == received.reference
    # The reference is random: not the record's id or uid, and another hit on the same record differs.
    assert answer["reference"].removeprefix("H-") not in {str(held.pk), str(held.uid), held.uid.hex.upper()}
    assert held.uid.hex[:8].upper() not in answer["reference"]
    again = services.receive_hit_query(_peer_query(["Khamla Sivongxay"]), from_party="LA")
    assert again.reference != received.reference


def test_the_answer_envelope_carries_no_field_of_the_record(case) -> None:  # type: ignore[no-untyped-def]
    """The leak test: keys and values of the answer against every field of the record."""
    from liaison.cases import services

    held = _person(
        case,
        ["Hoàng Văn Thắng", "Hoang Van Thang"],
        birth_date="1986-04-02",
        sex="M",
        nationality="VN",
        documents=["C7654321"],
        notes="Driver arrested at La Lay",
    )
    services.receive_hit_query(_peer_query(["Hoang Van Thang"]), from_party="LA")
    (answer,) = sent("cases.hit.answer.v1")
    record_values = {
        str(held.uid),
        held.label,
        held.birth_date,
        held.nationality,
        held.notes,
        "1986",
        "C7654321",
        "Hoàng Văn Thắng",
        "Hoang Van Thang",
        "La Lay",
    }
    record_fields = {f.name for f in type(held)._meta.get_fields()} | {"names", "name", "score", "entity"}
    assert not (set(answer) & record_fields), set(answer) & record_fields
    text = " ".join(str(v) for v in answer.values())
    for value in record_values:
        assert value not in text, f"the answer leaks {value!r}"
    assert str(held.pk) not in {str(v) for v in answer.values()}  # the record's id is no value
    for token in ("hoang", "thang", "van"):
        assert token not in text.lower()


def test_no_hit_has_no_reference(case) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    _person(case, ["Hoàng Văn Thắng"])
    received = services.receive_hit_query(_peer_query(["Nguyễn Văn An"]), from_party="LA")
    assert received.result == "no_hit" and received.reference == ""
    (answer,) = sent("cases.hit.answer.v1")
    assert answer == {"to": "LA", "query": str(received.query_uid), "result": "no_hit", "reference": ""}


def test_a_peer_query_is_audited_with_its_purpose(case) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    services.receive_hit_query(_peer_query(["Nobody Known"]), from_party="LA")
    (event,) = _events("hit.answered")
    assert event.extra_data["purpose"]["offence"] == "drug_trafficking"
    assert event.extra_data["purpose"]["case_reference"] == "LA-CASE-9"
    assert event.extra_data["from"] == "LA" and event.extra_data["result"] == "no_hit"


def test_a_peer_query_without_a_valid_purpose_or_name_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    bad = _peer_query(["X"])
    bad["purpose"]["offence"] = "opposition_politics"
    with pytest.raises(ValueError, match="purpose"):
        services.receive_hit_query(bad, from_party="LA")
    with pytest.raises(ValueError, match="control"):
        services.receive_hit_query(_peer_query(["Bad\x00Name"]), from_party="LA")


# --- hit/no-hit: asking ---------------------------------------------------------------------------


def test_asking_sends_the_query_with_its_purpose_and_audits_it(case, qtr, parties) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    query = services.check_ask_hit(
        to_party=parties["LA"],
        names=["Khamla Sivongxay"],
        birth_date="1983",
        offence="drug_trafficking",
        case=case,
        acting_user=qtr,
    )
    (payload,) = sent("cases.hit.query.v1")
    assert payload["to"] == "LA" and payload["query"] == str(query.uid)
    assert payload["purpose"] == {
        "offence": "drug_trafficking",
        "case_uid": str(case.uid),
        "case_reference": "VN-LA-TEST-1",
    }
    (event,) = _events("hit.asked")
    assert event.actor_id == qtr.pk and event.extra_data["purpose"]["offence"] == "drug_trafficking"
    # The answer arrives: the query holds the result and the reference, nothing more.
    services.receive_hit_answer(
        {"query": str(query.uid), "result": "hit", "reference": "H-ABC"}, from_party="LA"
    )
    query.refresh_from_db()
    assert (query.result, query.reference) == ("hit", "H-ABC")
    with pytest.raises(ValueError):
        services.receive_hit_answer(
            {"query": str(query.uid), "result": "hit", "reference": "H-X"}, from_party="KH"
        )


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        ([""], "empty"),
        (["   "], "empty"),
        ([], "at least one name"),
        (["A" * 10_000], "too long: 10000 characters"),
        (["Nguyen\x00Van An"], "control characters"),
        (["Nguyen\x1b[31mVan"], "control characters"),
        (["Nguyen\u202eVan"], "control characters"),
    ],
)
def test_a_malformed_query_is_refused_with_its_reason(case, qtr, parties, names, reason) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(ValidationError) as refused:
        services.check_ask_hit(
            to_party=parties["LA"], names=names, offence="drug_trafficking", acting_user=qtr
        )
    assert reason in " ".join(refused.value.messages)
    assert not sent("cases.hit.query.v1")


def test_a_query_needs_a_purpose_from_the_offence_list(case, qtr, parties) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(ValidationError, match="purpose"):
        services.check_ask_hit(to_party=parties["LA"], names=["A B"], offence="", acting_user=qtr)


def test_queries_beyond_the_hourly_limit_are_refused_and_the_refusal_is_audited(
    case, qtr, parties, settings
) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    settings.CASES_HIT_QUERIES_PER_HOUR = 2
    start = timezone.now() - dt.timedelta(minutes=50)
    for minutes in (0, 5):
        services.check_ask_hit(
            to_party=parties["LA"],
            names=["A B"],
            offence="fraud",
            acting_user=qtr,
            asked_at=start + dt.timedelta(minutes=minutes),
        )
    with pytest.raises(services.RateLimited) as refused:
        services.check_ask_hit(to_party=parties["LA"], names=["A B"], offence="fraud", acting_user=qtr)
    assert "at most 2 hit/no-hit queries per officer per hour" in str(refused.value)
    assert "Try again in 10 minutes" in str(refused.value)
    assert len(sent("cases.hit.query.v1")) == 2
    assert _events("hit.refused")[-1].actor_id == qtr.pk
    # Another officer has their own allowance; and an hour after the first query there is room again.
    other = qtr.__class__.objects.get(pk=qtr.pk)
    assert services.queries_left(other) == 0
    services.check_ask_hit(
        to_party=parties["LA"],
        names=["A B"],
        offence="fraud",
        acting_user=qtr,
        asked_at=start + dt.timedelta(minutes=61),
    )


def test_daily_figures_count_queries_per_officer_both_ways(case, qtr, parties) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    for _ in range(3):
        services.check_ask_hit(to_party=parties["LA"], names=["A B"], offence="fraud", acting_user=qtr)
    services.receive_hit_query(_peer_query(["Nobody"]), from_party="LA")
    figures = {(f.who, f.direction): f.count for f in services.daily_figures()}
    assert figures == {("qtr.duty", "asked"): 3, ("ບຸນມີ ແສງທອງ", "received"): 1}


# --- assistance requests --------------------------------------------------------------------------


def test_a_request_gets_its_deadline_from_the_bilateral_arrangement(case, qtr, units, parties) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    asked = timezone.now()
    req = services.check_send_request(
        case=case,
        to_unit=units["LA-SVK"],
        urgency="immediate",
        subject="Address?",
        acting_user=qtr,
        asked_at=asked,
    )
    assert req.deadline == asked + dt.timedelta(hours=8)  # the default without an arrangement
    services.do_save_arrangement(
        parties["LA"], parties["VN"], immediate_hours=4, urgent_hours=24, routine_hours=96, acting_user=None
    )
    req2 = services.check_send_request(
        case=case,
        to_unit=units["LA-SVK"],
        urgency="urgent",
        subject="Phone?",
        acting_user=qtr,
        asked_at=asked,
    )
    assert req2.deadline == asked + dt.timedelta(hours=24)
    (first, second) = sent("cases.request.sent.v1")
    assert first["to"] == "LA" and second["deadline"] == req2.deadline.isoformat()
    assert [e.kind for e in case.events.all()][-2:] == ["request", "request"]


def _incoming_request(case, hit_reference: str = "", hours: int = 72) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    asked = timezone.now()
    return {
        "uid": str(uuid.uuid4()),
        "case_uid": str(case.uid),
        "case_reference": case.reference,
        "from_unit": "LA-SVK",
        "to_unit": "VN-QTR",
        "urgency": "urgent",
        "subject": "Who is behind this reference?",
        "body": "",
        "language": "en",
        "hit_reference": hit_reference,
        "asked_by_name": "ບຸນມີ",
        "asked_at": asked.isoformat(),
        "deadline": (asked + dt.timedelta(hours=hours)).isoformat(),
    }


def test_a_request_quoting_a_hit_reference_is_answered_with_the_record_and_reminders_are_queued(
    case, qtr
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    from liaison.cases import services, tasks

    _person(case, ["Hoàng Văn Thắng"], birth_date="1986-04", documents=["C7654321"])
    received = services.receive_hit_query(_peer_query(["Hoang Van Thang"]), from_party="LA")
    with TestCase.captureOnCommitCallbacks(execute=True):
        req = services.receive_request(_incoming_request(case, received.reference), from_party="LA")
    reminders = DBTaskResult.objects.filter(task_path__endswith="remind_request").order_by("run_after")
    assert [r.run_after for r in reminders] == tasks.reminder_times(req)
    # The requested officer accepts, then answers with the record's details.
    services.check_update_request(req, status="accepted", acting_user=qtr)
    req = services.check_update_request(
        req, status="answered", answer="Here he is.", include_record=True, acting_user=qtr
    )
    assert "Hoàng Văn Thắng" in req.answer and "1986-04" in req.answer and "C7654321" in req.answer
    updates = sent("cases.request.updated.v1")
    assert [u["status"] for u in updates] == ["accepted", "answered"] and updates[-1]["to"] == "LA"
    assert "Hoàng Văn Thắng" in updates[-1]["answer"]
    assert _events("hit.disclosed")[-1].extra_data["reference"] == received.reference
    # Once answered, the reminder does nothing.
    assert tasks.remind_request.call(req.pk) is False


def test_the_reminder_marks_an_open_request_and_says_when_it_is_overdue(case) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services, tasks

    req = services.receive_request(_incoming_request(case, hours=-1), from_party="LA")
    assert tasks.remind_request.call(req.pk) is True
    req.refresh_from_db()
    assert req.reminders == 1 and req.is_overdue
    assert _events("request.reminded")[-1].extra_data["overdue"] is True
    assert case.events.last().text.startswith("Overdue:")


def test_only_the_requested_unit_acts_and_statuses_only_move_forward(case, qtr, ktm) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    req = services.receive_request(_incoming_request(case), from_party="LA")
    with pytest.raises(PermissionDenied):
        services.check_update_request(req, status="accepted", acting_user=ktm)
    services.check_update_request(req, status="declined", answer="Out of scope.", acting_user=qtr)
    with pytest.raises(ValidationError):
        services.check_update_request(req, status="accepted", acting_user=qtr)
    with pytest.raises(ValidationError, match="No record"):
        req2 = services.receive_request(_incoming_request(case, "H-NOPE"), from_party="LA")
        services.check_update_request(req2, status="answered", include_record=True, acting_user=qtr)


def test_the_requesting_side_applies_the_answer(case, qtr, units) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    req = services.check_send_request(
        case=case, to_unit=units["LA-SVK"], urgency="routine", subject="S", acting_user=qtr
    )
    at = timezone.now().isoformat()
    services.receive_request_update(
        {"uid": str(req.uid), "status": "answered", "at": at, "answer": "Details."}, from_party="LA"
    )
    req.refresh_from_db()
    assert (req.status, req.answer) == ("answered", "Details.")
    with pytest.raises(ValueError):
        services.receive_request_update(
            {"uid": str(req.uid), "status": "accepted", "at": at}, from_party="LA"
        )


def test_a_case_status_change_is_shared_and_a_party_to_the_case_may_change_it(case, qtr, ktm) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    with pytest.raises(PermissionDenied):
        services.check_set_case_status(case, status="closed", acting_user=ktm)
    services.check_set_case_status(case, status="suspended", acting_user=qtr)
    assert sent("cases.case.shared.v1")[-1]["status"] == "suspended"
    # LA, a party to the case though not its opener, closes it: this node follows.
    payload = services.case_payload(case) | {"status": "closed"}
    services.receive_case(payload, from_party="LA")
    case.refresh_from_db()
    assert case.status == "closed" and [e.kind for e in case.events.all()][-2:] == ["status", "status"]
    with pytest.raises(ValueError):
        services.receive_case(payload | {"status": "open"}, from_party="KH")


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection, as in production
def test_the_task_worker_runs_the_reminders_that_are_due(case) -> None:  # type: ignore[no-untyped-def]
    """`liaison db_worker` (django_tasks_db) picks the queued reminders up and runs them."""
    from django.core.management import call_command

    from liaison.cases import services

    payload = _incoming_request(case)
    asked = timezone.now() - dt.timedelta(days=4)  # asked four days ago with three to answer: overdue
    payload |= {"asked_at": asked.isoformat(), "deadline": (asked + dt.timedelta(days=3)).isoformat()}
    req = services.receive_request(payload, from_party="LA")  # reminders queued on commit
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    req.refresh_from_db()
    assert req.reminders == 2  # both reminders were due: three quarters of the time, and the deadline
    assert len(_events("request.reminded")) == 2
