"""The exchange services: sending, receiving through the real inbox, receipts, attachments in
chunks, passing on with the originator's permission, periodic reports and their reminders."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.core.models import AuditEvent
from liaison.exchange import services
from liaison.exchange.models import Attachment, Blob, Message, Receipt, Report, ReportReminder, WidenRequest

from .conftest import draft, la_message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"border report " * 30000  # about 420 kB: several chunks


def test_a_message_to_the_peer_is_queued_in_the_same_transaction(officers, tree, sent, remote):
    message = services.check_send_message(
        draft(), recipient_unit=tree["LA-SVK"], subject="Lao Bao crossings", acting_user=officers["qtr"]
    )
    payload = sent("exchange.message.sent.v1")[0]
    assert payload["message"]["uid"] == str(message.uid)
    assert payload["message"]["tlp"] == "amber" and payload["thread"]["subject"] == "Lao Bao crossings"
    assert message.delivered_at is None  # until LA's delivery receipt comes back
    assert AuditEvent.objects.filter(event_type="message.sent", target_id=str(message.pk)).exists()


def test_viewers_do_not_write_and_red_needs_named_officers(officers, tree):
    with pytest.raises(PermissionDenied):
        services.check_send_message(
            draft(), recipient_unit=tree["LA-SVK"], subject="x", acting_user=officers["viewer"]
        )
    with pytest.raises(ValidationError, match="named officers"):
        services.check_send_message(
            draft(tlp="red"), recipient_unit=tree["LA-SVK"], subject="x", acting_user=officers["qtr"]
        )
    with pytest.raises(ValidationError, match="closed list"):
        services.check_send_message(
            draft(offence="political_dissent"),
            recipient_unit=tree["LA-SVK"],
            subject="x",
            acting_user=officers["qtr"],
        )


def test_receipts_come_back_and_show_on_the_senders_message(officers, tree, sent, deliver):
    message = services.check_send_message(
        draft(), recipient_unit=tree["LA-SVK"], subject="x", acting_user=officers["qtr"]
    )
    deliver(
        (
            "exchange.message.receipt.v1",
            {"message": str(message.uid), "kind": "delivered", "at": "2026-01-05T02:00:05+00:00"},
        )
    )
    deliver(
        (
            "exchange.message.receipt.v1",
            {
                "message": str(message.uid),
                "kind": "read",
                "at": "2026-01-05T02:03:00+00:00",
                "by_name": "ບຸນມີ",
            },
        )
    )
    message.refresh_from_db()
    assert message.delivered_at is not None and message.read_at is not None
    assert set(Receipt.objects.filter(message=message).values_list("kind", flat=True)) == {
        "delivered",
        "read",
    }
    assert AuditEvent.objects.filter(event_type="message.receipt").count() == 2


def test_a_message_from_the_peer_is_stored_and_acknowledged_and_read_receipted(officers, sent, deliver):
    answer = deliver(("exchange.message.sent.v1", la_message()))
    assert answer["receipt"]["results"][0]["outcome"] == "applied"
    message = Message.objects.get(uid="01900000-0000-7000-8000-000000000001")
    assert message.language == "lo" and message.translation_language == "en"
    delivered = sent("exchange.message.receipt.v1")
    assert [r["kind"] for r in delivered] == ["delivered"]
    # an officer of the sending side's own party reading it is no read receipt; Quang Tri's is
    assert services.do_mark_read(message, acting_user=officers["qtr"])
    assert not services.do_mark_read(message, acting_user=officers["qtr"])  # once per officer
    assert [r["kind"] for r in sent("exchange.message.receipt.v1")] == ["delivered", "read"]
    # a duplicate envelope is harmless
    deliver(("exchange.message.sent.v1", la_message()))
    assert Message.objects.filter(uid=message.uid).count() == 1


def test_the_peer_cannot_write_for_our_units_or_to_a_third_party(deliver):
    forged = la_message(sender="VN-KTM", recipient="VN-QTR")
    outcome = deliver(("exchange.message.sent.v1", forged))["receipt"]["results"][0]
    assert outcome["outcome"] == "refused" and "on behalf of" in outcome["detail"]
    elsewhere = la_message(recipient="KH-MOI", uid="01900000-0000-7000-8000-000000000002")
    outcome = deliver(("exchange.message.sent.v1", elsewhere))["receipt"]["results"][0]
    assert outcome["outcome"] == "refused" and "not addressed to this party" in outcome["detail"]


def test_attachments_travel_in_chunks_stored_by_content_hash(officers, tree, sent, deliver, settings):
    settings.FEDERATION_MAX_ENVELOPE_BYTES = 64 * 1024
    message = services.check_send_message(
        draft(attachments=[services.NewFile("report.pdf", PDF)]),
        recipient_unit=tree["LA-SVK"],
        subject="x",
        acting_user=officers["qtr"],
    )
    sha = hashlib.sha256(PDF).hexdigest()
    chunks = sent("exchange.file.chunk.v1")
    assert len(chunks) > 1 and all(c["sha256"] == sha for c in chunks)
    assert b"".join(base64.b64decode(c["data"]) for c in chunks) == PDF
    meta = sent("exchange.message.sent.v1")[0]["message"]["attachments"][0]
    assert meta["sha256"] == sha and meta["content_type"] == "application/pdf"
    # The same file again is stored once.
    services.check_send_message(
        draft(attachments=[services.NewFile("copy.pdf", PDF)]),
        thread=message.thread,
        acting_user=officers["qtr"],
    )
    assert Blob.objects.filter(sha256=sha).count() == 1 and Attachment.objects.count() == 2


def test_chunks_from_the_peer_are_joined_and_checked(officers, deliver, settings):
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400
    sha = hashlib.sha256(data).hexdigest()
    half = len(data) // 2
    meta = {
        "uid": "01900000-0000-7000-8000-0000000000f1",
        "name": "scan.png",
        "content_type": "image/png",
        "size": len(data),
        "sha256": sha,
        "chunks": 2,
    }
    deliver(("exchange.message.sent.v1", la_message(attachments=[meta])))
    blob = Blob.objects.get(sha256=sha)
    assert not blob.complete
    for index, piece in enumerate((data[:half], data[half:])):
        deliver(
            (
                "exchange.file.chunk.v1",
                {"sha256": sha, "index": index, "count": 2, "data": base64.b64encode(piece).decode()},
            )
        )
    blob.refresh_from_db()
    assert blob.complete and blob.file.read() == data


def test_an_executable_renamed_pdf_is_refused(officers, tree):
    with pytest.raises(ValidationError, match=r"report\.pdf is refused: its content is"):
        services.check_send_message(
            draft(
                attachments=[services.NewFile("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)]
            ),
            recipient_unit=tree["LA-SVK"],
            subject="x",
            acting_user=officers["qtr"],
        )


def test_attachment_size_limit_is_configurable(officers, tree, settings):
    settings.MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(ValidationError, match="larger than the limit"):
        services.check_send_message(
            draft(attachments=[services.NewFile("big.txt", b"x" * 2048)]),
            recipient_unit=tree["LA-SVK"],
            subject="x",
            acting_user=officers["qtr"],
        )


def test_passing_on_needs_the_originators_grant_on_both_nodes(officers, tree, sent, deliver):
    """LA (the recipient) asks to pass VN's AMBER message to its border post; VN's Quang Tri grants."""
    message = services.check_send_message(
        draft(), recipient_unit=tree["LA-SVK"], subject="x", acting_user=officers["qtr"]
    )
    request = {
        "uid": "01900000-0000-7000-8000-0000000000b1",
        "message": str(message.uid),
        "unit": "LA-SVK-BP",
        "reason": "The border post runs the checkpoint.",
        "requested_by_name": "ບຸນມີ",
        "requested_by_unit": "LA-SVK",
        "requested_at": "2026-01-05T03:00:00+00:00",
    }
    deliver(("exchange.widen.requested.v1", request))
    row = WidenRequest.objects.get(uid=request["uid"])
    assert row.status == "requested"
    with pytest.raises(PermissionDenied):  # another province does not decide for Quang Tri
        services.check_decide_widen(row, grant=True, acting_user=officers["ktm"])
    services.check_decide_widen(row, grant=True, note="Agreed.", acting_user=officers["qtr_duty"])
    decision = sent("exchange.widen.decided.v1")[0]
    assert decision["status"] == "granted" and decision["request"]["unit"] == "LA-SVK-BP"
    assert AuditEvent.objects.filter(event_type="message.widen_requested").count() == 1
    assert AuditEvent.objects.filter(event_type="message.widen_decided").count() == 1


def test_only_the_originator_node_decides(officers, tree, deliver):
    deliver(("exchange.message.sent.v1", la_message()))
    message = Message.objects.get()
    row = services.check_request_widen(
        message, unit=tree["VN-KTM"], reason="Kon Tum sees the same route.", acting_user=officers["qtr"]
    )
    with pytest.raises(PermissionDenied):  # LA wrote it: VN cannot grant
        services.check_decide_widen(row, grant=True, acting_user=officers["mps"])
    decision = {
        "request": {
            "uid": str(row.uid),
            "message": str(message.uid),
            "unit": "VN-KTM",
            "reason": row.reason,
            "requested_by_name": row.requested_by_name,
            "requested_by_unit": "VN-QTR",
            "requested_at": row.requested_at.isoformat(),
        },
        "status": "denied",
        "decided_by_name": "ບຸນມີ",
        "decided_at": "2026-01-05T04:00:00+00:00",
        "note": "",
    }
    deliver(("exchange.widen.decided.v1", decision))
    row.refresh_from_db()
    assert row.status == "denied"


# --- periodic reports ------------------------------------------------------------------------------


@pytest.fixture
def schedule(officers, tree):  # type: ignore[no-untyped-def]
    return services.check_save_schedule(
        titles={"en": "Monthly border situation report"},
        reporting_unit=tree["VN-QTR"],
        recipient_unit=tree["LA-SVK"],
        starts_on=dt.date(2025, 1, 1),
        acting_user=officers["qtr_duty"],
    )


def test_periods_are_due_then_overdue_then_filed(schedule, officers, sent):
    periods = schedule.periods(today=dt.date(2025, 3, 4))
    assert [(p.start, p.due_on, p.state) for p in periods] == [
        (dt.date(2025, 2, 1), dt.date(2025, 3, 5), "due"),
        (dt.date(2025, 1, 1), dt.date(2025, 2, 5), "overdue"),
    ]
    services.check_file_report(
        schedule,
        period_start=dt.date(2025, 1, 1),
        crossings=12000,
        incidents=2,
        seizures={"drug_trafficking": 3},
        narrative="Calm.",
        language="en",
        acting_user=officers["qtr"],
    )
    assert sent("exchange.report.filed.v1")[0]["seizures"] == {"drug_trafficking": 3}
    assert sent("exchange.schedule.saved.v1")[0]["due_day"] == 5
    assert schedule.periods(today=dt.date(2025, 3, 4))[1].state == "filed_late"
    with pytest.raises(ValidationError, match="filed already"):
        services.check_file_report(
            schedule,
            period_start=dt.date(2025, 1, 1),
            crossings=1,
            incidents=0,
            seizures={},
            narrative="",
            language="en",
            acting_user=officers["qtr"],
        )


def test_only_the_reporting_unit_files(schedule, officers):
    with pytest.raises(PermissionDenied):
        services.check_file_report(
            schedule,
            period_start=dt.date(2025, 1, 1),
            crossings=1,
            incidents=0,
            seizures={},
            narrative="",
            language="en",
            acting_user=officers["ktm"],
        )


def test_a_report_from_the_peer_is_kept_once(officers, tree, deliver):
    schedule = {
        "uid": "01900000-0000-7000-8000-0000000000c1",
        "titles": {"en": "SVK monthly"},
        "reporting_unit": "LA-SVK",
        "recipient_unit": "VN-QTR",
        "frequency": "monthly",
        "due_day": 5,
        "remind_days_before": 3,
        "starts_on": "2025-01-01",
        "origin_party": "LA",
        "is_active": True,
    }
    report = {
        "uid": "01900000-0000-7000-8000-0000000000c2",
        "schedule": schedule["uid"],
        "period_start": "2025-01-01",
        "crossings": 9000,
        "incidents": 1,
        "seizures": {"smuggling_of_goods": 2},
        "narrative": "ສະຫງົບ",
        "language": "lo",
        "author_name": "ບຸນມີ",
        "party": "LA",
        "filed_at": "2025-02-04T09:00:00+07:00",
    }
    deliver(("exchange.schedule.saved.v1", schedule), ("exchange.report.filed.v1", report))
    deliver(("exchange.report.filed.v1", report))
    assert Report.objects.get().seizures == {"smuggling_of_goods": 2}
    forged = {
        **report,
        "uid": "01900000-0000-7000-8000-0000000000c3",
        "period_start": "2025-02-01",
        "seizures": {"political_dissent": 1},
    }
    outcome = deliver(("exchange.report.filed.v1", forged))["receipt"]["results"][0]
    assert outcome["outcome"] == "refused"


def test_reminders_are_persisted_tasks_sent_once(schedule, settings):
    from django_tasks_db.models import DBTaskResult

    from liaison.exchange import tasks

    queued = DBTaskResult.objects.filter(task_path="liaison.exchange.tasks.remind_report")
    assert queued.count() == 1  # queued when the schedule was saved
    start = dt.date(2025, 1, 1)
    assert services.do_send_reminder(schedule, start) is not None
    assert services.do_send_reminder(schedule, start).pk == ReportReminder.objects.get().pk  # idempotent
    assert AuditEvent.objects.filter(event_type="report.reminded").count() == 1
    tasks.remind_report.call(str(schedule.uid), "2025-02-01")  # what the worker runs
    assert ReportReminder.objects.count() == 2
    assert queued.count() == 2  # and it queued the next period's


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_a_due_reminder_and_queues_the_next(schedule):  # type: ignore[no-untyped-def]
    """The real `liaison db_worker` runs the persisted task once its time has come (a restart loses
    nothing: the task is a database row until a worker has run it). Committed data: the worker
    closes its database connection between tasks, as a separate process would."""
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path="liaison.exchange.tasks.remind_report")
    first = queued.get()
    assert first.run_after is not None and first.run_after > timezone.now()  # not before its time
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert not ReportReminder.objects.exists()
    queued.update(run_after=timezone.now() - dt.timedelta(minutes=1))  # its time has come
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    reminder = ReportReminder.objects.get()
    assert reminder.period_start.isoformat() == first.args_kwargs["args"][1]
    assert queued.filter(status="READY").count() == 1  # the next period's, waiting for its time


def test_red_and_clear_messages_are_not_widened(officers, tree):  # type: ignore[no-untyped-def]
    red = services.check_send_message(
        draft(tlp="red", named_recipients=[("LA", "la.duty")]),
        recipient_unit=tree["LA-SVK"],
        subject="x",
        acting_user=officers["qtr"],
    )
    with pytest.raises(ValidationError, match="named officers"):
        services.check_request_widen(red, unit=tree["VN-KTM"], reason="r", acting_user=officers["qtr"])
    clear = services.check_send_message(draft(tlp="clear"), thread=red.thread, acting_user=officers["qtr"])
    with pytest.raises(ValidationError, match="freely"):
        services.check_request_widen(clear, unit=tree["VN-KTM"], reason="r", acting_user=officers["qtr"])


def test_a_file_from_the_peer_is_checked_by_its_bytes_too(officers, deliver):  # type: ignore[no-untyped-def]
    data = b"MZ\x90\x00" + b"\x00" * 500  # a Windows executable, announced as a PDF
    sha = hashlib.sha256(data).hexdigest()
    meta = {
        "uid": "01900000-0000-7000-8000-0000000000f2",
        "name": "report.pdf",
        "content_type": "application/pdf",
        "size": len(data),
        "sha256": sha,
        "chunks": 1,
    }
    deliver(("exchange.message.sent.v1", la_message(attachments=[meta])))
    chunk = {"sha256": sha, "index": 0, "count": 1, "data": base64.b64encode(data).decode()}
    outcome = deliver(("exchange.file.chunk.v1", chunk))["receipt"]["results"][0]
    assert outcome["outcome"] == "refused" and "not a file type" in outcome["detail"]
    assert not Blob.objects.get(sha256=sha).complete
