"""JSON API of the exchange app (OpenAPI at /api/docs). Every query is scoped to the officer, so the
TLP label of a message limits the API exactly as it limits the pages; every write goes through the
services."""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from liaison.core import codelists
from liaison.core.access import get_visible_or_404, scope_unit_ids
from liaison.core.models import Officer, Unit

from .. import services
from ..choices import PeriodState
from ..figures import overdue_reports, unanswered_threads
from ..forms import parse_named
from ..models import Attachment, Message, Report, ReportSchedule, Thread, WidenRequest
from ..templatetags.exchange import language_name
from .schemas import (
    AttachmentOut,
    CodeOut,
    DecideIn,
    FiguresOut,
    MessageIn,
    MessageOut,
    OverdueOut,
    PeriodOut,
    ReceiptOut,
    ReplyIn,
    ReportIn,
    ReportOut,
    ScheduleDetailOut,
    ScheduleIn,
    ScheduleOut,
    SeizureOut,
    TextOut,
    ThreadDetailOut,
    ThreadOut,
    UnitRefOut,
    WidenIn,
    WidenOut,
)

router = Router(tags=["exchange"])


def _officer(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


def _code(list_name: str, code: str) -> CodeOut:
    return CodeOut(code=code, label=codelists.label(list_name, code))


def _unit(unit: Unit) -> UnitRefOut:
    return UnitRefOut(code=unit.code, party=unit.party.code, name=unit.name)


def _text(language: str, text: str) -> TextOut:
    return TextOut(language=language, language_name=language_name(language), text=text)


def _unit_by_code(code: str) -> Unit:
    unit = Unit.objects.select_related("party").filter(code=code).first()
    if unit is None:
        raise ValidationError(_("Unknown unit %(code)s.") % {"code": code})
    return unit


# --- messages ------------------------------------------------------------------------------------


def _widen(w: WidenRequest, message: Message) -> WidenOut:
    return WidenOut(
        uid=w.uid,
        message=message.uid,
        unit=w.unit.code,
        reason=w.reason,
        requested_by_name=w.requested_by_name,
        requested_by_unit=w.requested_by_unit.code,
        requested_at=w.requested_at,
        status=w.status,
        decided_by_name=w.decided_by_name,
        decided_at=w.decided_at,
    )


def _message(m: Message) -> MessageOut:
    return MessageOut(
        uid=m.uid,
        thread=m.thread.uid,
        sender_unit=_unit(m.sender_unit),
        recipient_unit=_unit(m.recipient_unit),
        author_name=m.author_name,
        offence=_code("offence", m.offence),
        tlp=_code("tlp", m.tlp),
        priority=_code("priority", m.priority),
        legal_basis=m.legal_basis,
        case_reference=m.case_reference,
        text=_text(m.language, m.body),
        senders_translation=_text(m.translation_language, m.translation) if m.translation else None,
        named_recipients=[f"{n.party_code}:{n.username}" for n in m.named_recipients.all()],
        created_at=m.created_at,
        delivered_at=m.delivered_at,
        read_at=m.read_at,
        attachments=[
            AttachmentOut(
                uid=a.uid,
                name=a.name,
                content_type=a.blob.content_type,
                size=a.blob.size,
                sha256=a.blob.sha256,
                complete=a.blob.complete,
                url=reverse("api:exchange_attachment", kwargs={"uid": a.uid}),
            )
            for a in m.attachments.all()
        ],
        receipts=[ReceiptOut(kind=r.kind, at=r.at, by_name=r.by_name) for r in m.receipts.all()],
        widen_requests=[_widen(w, m) for w in m.widen_requests.all()],
    )


def _messages(officer: Officer) -> Any:
    return (
        Message.objects.visible_to(officer)
        .select_related("thread", "sender_unit__party", "recipient_unit__party")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("blob")),
            "receipts",
            "named_recipients",
            Prefetch(
                "widen_requests", queryset=WidenRequest.objects.select_related("unit", "requested_by_unit")
            ),
        )
    )


def _thread(t: Thread, scope: set[int]) -> ThreadOut:
    return ThreadOut(
        uid=t.uid,
        subject=t.subject,
        subject_language=t.subject_language,
        unit_a=_unit(t.unit_a),
        unit_b=_unit(t.unit_b),
        last_message_at=t.last_message_at,
        awaiting_your_answer=t.awaiting_unit_id in scope,
    )


def _draft(body: ReplyIn) -> services.Draft:
    files = []
    for f in body.attachments:
        try:
            content = base64.b64decode(f.data, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(_("%(name)s is not base64.") % {"name": f.name}) from None
        files.append(services.NewFile(name=f.name[:200], content=content))
    named = parse_named(", ".join(body.named_recipients))  # its ValidationError is a 422
    return services.Draft(
        offence=body.offence,
        tlp=body.tlp,
        priority=body.priority,
        legal_basis=body.legal_basis,
        case_reference=body.case_reference,
        language=body.language,
        body=body.body,
        translation=body.translation,
        translation_language=body.translation_language,
        named_recipients=named,
        attachments=files,
    )


@router.get("/threads", response=list[ThreadOut])
def list_threads(request: HttpRequest) -> list[ThreadOut]:
    officer = _officer(request)
    scope = scope_unit_ids(officer)
    threads = Thread.objects.visible_to(officer).select_related("unit_a__party", "unit_b__party")
    return [_thread(t, scope) for t in threads.order_by("-last_message_at")]


@router.post("/threads", response={201: MessageOut})
def create_thread(request: HttpRequest, body: MessageIn) -> Status[MessageOut]:
    officer = _officer(request)
    message = services.check_send_message(
        _draft(body),
        recipient_unit=_unit_by_code(body.recipient_unit),
        subject=body.subject,
        acting_user=officer,
    )
    return Status(201, _message(_messages(officer).get(pk=message.pk)))


@router.get("/threads/{uid}", response=ThreadDetailOut)
def get_thread(request: HttpRequest, uid: uuid.UUID) -> ThreadDetailOut:
    officer = _officer(request)
    thread = get_visible_or_404(
        Thread.objects.select_related("unit_a__party", "unit_b__party"), officer, uid=uid
    )
    shown = list(_messages(officer).filter(thread=thread).order_by("created_at"))
    for m in shown:
        services.do_mark_read(m, acting_user=officer)
    return ThreadDetailOut(
        **_thread(thread, scope_unit_ids(officer)).dict(), messages=[_message(m) for m in shown]
    )


@router.post("/threads/{uid}/messages", response={201: MessageOut})
def reply(request: HttpRequest, uid: uuid.UUID, body: ReplyIn) -> Status[MessageOut]:
    officer = _officer(request)
    thread = get_visible_or_404(
        Thread.objects.select_related("unit_a__party", "unit_b__party"), officer, uid=uid
    )
    message = services.check_send_message(_draft(body), thread=thread, acting_user=officer)
    return Status(201, _message(_messages(officer).get(pk=message.pk)))


@router.get("/messages/{uid}", response=MessageOut)
def get_message(request: HttpRequest, uid: uuid.UUID) -> MessageOut:
    officer = _officer(request)
    message = get_visible_or_404(_messages(officer), officer, uid=uid)
    services.do_mark_read(message, acting_user=officer)
    return _message(message)


@router.get("/attachments/{uid}", url_name="exchange_attachment")
def get_attachment(request: HttpRequest, uid: uuid.UUID) -> FileResponse:
    officer = _officer(request)
    attachment = get_visible_or_404(Attachment.objects.select_related("blob", "message"), officer, uid=uid)
    if not attachment.blob.complete:
        raise Http404(_("This file is still arriving from the other node."))
    services.do_read_attachment(attachment, acting_user=officer)
    return FileResponse(
        attachment.blob.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.blob.content_type,
    )


@router.post("/messages/{uid}/widen", response={201: WidenOut})
def request_widen(request: HttpRequest, uid: uuid.UUID, body: WidenIn) -> Status[WidenOut]:
    officer = _officer(request)
    message = get_visible_or_404(Message.objects.select_related("party", "thread"), officer, uid=uid)
    row = services.check_request_widen(
        message,
        unit=_unit_by_code(body.unit),
        reason=body.reason,
        language=officer.language,
        acting_user=officer,
    )
    return Status(201, _widen(row, message))


@router.post("/widen/{uid}/decide", response=WidenOut)
def decide_widen(request: HttpRequest, uid: uuid.UUID, body: DecideIn) -> WidenOut:
    officer = _officer(request)
    row = get_object_or_404(WidenRequest.objects.select_related("message__party", "unit"), uid=uid)
    if not Message.objects.visible_to(officer).filter(pk=row.message_id).exists():
        raise Http404(_("Not found, or not shared with your unit."))
    decided = services.check_decide_widen(row, grant=body.grant, note=body.note, acting_user=officer)
    return _widen(decided, decided.message)


# --- periodic reports ----------------------------------------------------------------------------


def _schedule(s: ReportSchedule, overdue: int) -> ScheduleOut:
    return ScheduleOut(
        uid=s.uid,
        title=s.title,
        reporting_unit=_unit(s.reporting_unit),
        recipient_unit=_unit(s.recipient_unit),
        frequency=s.frequency,
        due_day=s.due_day,
        remind_days_before=s.remind_days_before,
        starts_on=s.starts_on,
        overdue=overdue,
    )


def _schedules(officer: Officer) -> Any:
    return (
        ReportSchedule.objects.visible_to(officer)
        .select_related("reporting_unit__party", "recipient_unit__party")
        .prefetch_related("reports")
    )


@router.get("/schedules", response=list[ScheduleOut])
def list_schedules(request: HttpRequest) -> list[ScheduleOut]:
    today = timezone.localdate()
    return [
        _schedule(s, len(s.overdue_periods(today, list(s.reports.all()))))
        for s in _schedules(_officer(request))
    ]


@router.post("/schedules", response={201: ScheduleOut})
def create_schedule(request: HttpRequest, body: ScheduleIn) -> Status[ScheduleOut]:
    officer = _officer(request)
    schedule = services.check_save_schedule(
        titles={(officer.language or "en"): body.title},
        reporting_unit=_unit_by_code(body.reporting_unit),
        recipient_unit=_unit_by_code(body.recipient_unit),
        frequency=body.frequency,
        due_day=body.due_day,
        remind_days_before=body.remind_days_before,
        starts_on=body.starts_on,
        acting_user=officer,
    )
    return Status(201, _schedule(schedule, len(schedule.overdue_periods())))


@router.get("/schedules/{uid}", response=ScheduleDetailOut)
def get_schedule(request: HttpRequest, uid: uuid.UUID) -> ScheduleDetailOut:
    officer = _officer(request)
    schedule = get_visible_or_404(_schedules(officer), officer, uid=uid)
    periods = schedule.periods(reports=list(schedule.reports.all()))
    return ScheduleDetailOut(
        **_schedule(schedule, sum(1 for p in periods if p.state == PeriodState.OVERDUE)).dict(),
        periods=[
            PeriodOut(
                start=p.start,
                end=p.end,
                due_on=p.due_on,
                state=CodeOut(code=p.state, label=p.state_label),
                report=p.report.uid if p.report else None,
            )
            for p in periods
        ],
    )


def _report(r: Report) -> ReportOut:
    return ReportOut(
        uid=r.uid,
        schedule=r.schedule.uid,
        period_start=r.period_start,
        crossings=r.crossings,
        incidents=r.incidents,
        seizures=[SeizureOut(offence=_code("offence", c), count=n) for c, n in sorted(r.seizures.items())],
        narrative=_text(r.language, r.narrative),
        author_name=r.author_name,
        filed_at=r.filed_at,
        illustrative=r.is_demo,
    )


@router.post("/schedules/{uid}/reports", response={201: ReportOut})
def file_report(request: HttpRequest, uid: uuid.UUID, body: ReportIn) -> Status[ReportOut]:
    officer = _officer(request)
    schedule = get_visible_or_404(_schedules(officer), officer, uid=uid)
    report = services.check_file_report(
        schedule,
        period_start=body.period_start,
        crossings=body.crossings,
        incidents=body.incidents,
        seizures=body.seizures,
        narrative=body.narrative,
        language=body.language,
        acting_user=officer,
    )
    return Status(201, _report(report))


@router.get("/reports/{uid}", response=ReportOut)
def get_report(request: HttpRequest, uid: uuid.UUID) -> ReportOut:
    officer = _officer(request)
    return _report(get_visible_or_404(Report.objects.select_related("schedule"), officer, uid=uid))


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest) -> FiguresOut:
    """The dashboard's figures: overdue periodic reports and threads awaiting the officer's unit."""
    officer = _officer(request)
    overdue = overdue_reports(officer)
    unanswered = list(unanswered_threads(officer).values_list("uid", flat=True))
    return FiguresOut(
        overdue_reports=len(overdue),
        unanswered_messages=len(unanswered),
        overdue=[
            OverdueOut(
                schedule=r.schedule.uid,
                title=r.schedule.title,
                period_start=r.period.start,
                due_on=r.period.due_on,
            )
            for r in overdue
        ],
        unanswered=unanswered,
    )


__all__ = ["router"]
