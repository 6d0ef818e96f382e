"""Pages of the exchange app. Views validate with forms, call the services and render; every
queryset goes through `.visible_to(officer)`, so a message's TLP label decides who gets a page."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import get_visible_or_404, refusal_text, scope_unit_ids
from liaison.core.models import Officer

from . import services
from .charts import trend_chart
from .forms import DecideForm, MessageForm, ReportForm, ScheduleForm, WidenForm
from .models import Attachment, Message, Report, ReportSchedule, Thread, WidenRequest
from .services.common import WRITERS
from .services.messages import _reply_units


def _me(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


def _draft(data: dict[str, Any], files: Any) -> services.Draft:
    upload = files.get("attachment")
    return services.Draft(
        offence=data["offence"],
        tlp=data["tlp"],
        priority=data["priority"],
        legal_basis=data["legal_basis"],
        case_reference=data.get("case_reference") or "",
        body=data["body"],
        language=data["language"],
        translation=data.get("translation") or "",
        translation_language=data.get("translation_language") or "",
        named_recipients=data.get("named_recipients") or [],
        attachments=[services.NewFile.from_upload(upload)] if upload else [],
    )


# --- threads and messages ------------------------------------------------------------------------


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    threads = (
        Thread.objects.visible_to(officer)
        .select_related("unit_a__party", "unit_b__party", "awaiting_unit")
        .order_by("-last_message_at")
    )
    scope = scope_unit_ids(officer)
    return render(
        request,
        "exchange/thread_list.html",
        {"threads": threads, "scope": scope, "can_write": officer.has_role(*WRITERS)},
    )


@login_required
def thread_create(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    if not officer.has_role(*WRITERS):
        raise PermissionDenied(_("Your roles allow reading only."))
    form = MessageForm(
        request.POST or None, request.FILES or None, initial={"language": officer.language or "en"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            message = services.check_send_message(
                _draft(data, request.FILES),
                recipient_unit=data["recipient_unit"],
                subject=data["subject"],
                acting_user=officer,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
        else:
            flash.success(request, _("Message sent."))
            return redirect("exchange:thread_detail", uid=message.thread.uid)
    return render(request, "exchange/thread_form.html", {"form": form})


def _visible_messages(officer: Officer, thread: Thread) -> list[Message]:
    return list(
        Message.objects.visible_to(officer)
        .filter(thread=thread)
        .select_related("sender_unit__party", "recipient_unit__party", "party")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("blob")),
            "receipts",
            "named_recipients",
            Prefetch(
                "widen_requests",
                queryset=WidenRequest.objects.select_related("unit__party", "requested_by_unit"),
            ),
        )
        .order_by("created_at")
    )


@login_required
def thread_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    thread = get_visible_or_404(
        Thread.objects.select_related("unit_a__party", "unit_b__party", "origin_party"), officer, uid=uid
    )
    shown = _visible_messages(officer, thread)
    for message in shown:
        services.do_mark_read(message, acting_user=officer)
    can_reply = False
    if officer.has_role(*WRITERS):
        try:
            _reply_units(officer, thread)
            can_reply = True
        except PermissionDenied:
            pass
    form = None
    if can_reply:
        last = shown[-1] if shown else None
        initial = {"language": officer.language or "en"}
        if last is not None:
            initial |= {
                "offence": last.offence,
                "tlp": last.tlp,
                "priority": last.priority,
                "legal_basis": last.legal_basis,
                "case_reference": last.case_reference,
            }
        form = MessageForm(reply=True, initial=initial)
    return render(
        request,
        "exchange/thread_detail.html",
        {
            "thread": thread,
            "shown": shown,
            "form": form,
            "widen_form": WidenForm() if officer.has_role(*WRITERS) else None,
            "decide_form": DecideForm(),
            "deciding": {m.pk for m in shown if services.can_decide(officer, m)},
        },
    )


@login_required
@require_POST
def thread_reply(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    thread = get_visible_or_404(
        Thread.objects.select_related("unit_a__party", "unit_b__party"), officer, uid=uid
    )
    form = MessageForm(request.POST, request.FILES, reply=True)
    if form.is_valid():
        try:
            services.check_send_message(
                _draft(form.cleaned_data, request.FILES), thread=thread, acting_user=officer
            )
        except (ValidationError, PermissionDenied) as exc:
            flash.error(request, refusal_text(exc))
        else:
            flash.success(request, _("Message sent."))
    else:
        flash.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("exchange:thread_detail", uid=thread.uid)


@login_required
def attachment_download(request: HttpRequest, uid: uuid.UUID) -> FileResponse:
    officer = _me(request)
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


@login_required
@require_POST
def message_widen(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    message = get_visible_or_404(Message.objects.select_related("thread", "party"), officer, uid=uid)
    form = WidenForm(request.POST)
    if form.is_valid():
        try:
            services.check_request_widen(
                message,
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
                language=officer.language,
                acting_user=officer,
            )
        except (ValidationError, PermissionDenied) as exc:
            flash.error(request, refusal_text(exc))
        else:
            flash.success(request, _("Your request was sent to the unit that wrote the message."))
    else:
        flash.error(request, _("Choose a unit and say why."))
    return redirect("exchange:thread_detail", uid=message.thread.uid)


@login_required
@require_POST
def widen_decide(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    request_row = (
        WidenRequest.objects.select_related("message__thread", "message__party", "unit")
        .filter(uid=uid)
        .first()
    )
    if (
        request_row is None
        or not Message.objects.visible_to(officer).filter(pk=request_row.message_id).exists()
    ):
        raise Http404(_("Not found, or not shared with your unit."))
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.check_decide_widen(
                request_row,
                grant=form.cleaned_data["decision"] == "grant",
                note=form.cleaned_data["note"],
                acting_user=officer,
            )
        except (ValidationError, PermissionDenied) as exc:
            flash.error(request, refusal_text(exc))
        else:
            flash.success(request, _("Decision recorded and sent."))
    return redirect("exchange:thread_detail", uid=request_row.message.thread.uid)


# --- periodic reports ----------------------------------------------------------------------------


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    schedules = list(
        ReportSchedule.objects.visible_to(officer)
        .select_related("reporting_unit__party", "recipient_unit__party")
        .prefetch_related("reports")
    )
    today = timezone.localdate()
    rows = []
    for schedule in schedules:
        periods = schedule.periods(today, list(schedule.reports.all()))
        overdue = sum(1 for p in periods if p.state == "overdue")
        rows.append({"schedule": schedule, "latest": periods[0] if periods else None, "overdue": overdue})
    return render(
        request,
        "exchange/schedule_list.html",
        {"rows": rows, "can_create": officer.has_role("liaison", "duty_officer")},
    )


@login_required
def schedule_create(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    if not officer.has_role("liaison", "duty_officer"):
        raise PermissionDenied(_("Liaison and duty officers set up report schedules."))
    form = ScheduleForm(
        request.POST or None,
        initial={"reporting_unit": officer.unit, "starts_on": timezone.localdate().replace(day=1)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule = services.check_save_schedule(
                titles={(officer.language or "en"): data["title"]},
                reporting_unit=data["reporting_unit"],
                recipient_unit=data["recipient_unit"],
                frequency=data["frequency"],
                due_day=data["due_day"],
                remind_days_before=data["remind_days_before"],
                starts_on=data["starts_on"],
                acting_user=officer,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
        else:
            flash.success(request, _("Report schedule saved."))
            return redirect("exchange:schedule_detail", uid=schedule.uid)
    return render(request, "exchange/schedule_form.html", {"form": form})


@login_required
def schedule_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    schedule = get_visible_or_404(
        ReportSchedule.objects.select_related("reporting_unit__party", "recipient_unit__party"),
        officer,
        uid=uid,
    )
    reports = list(schedule.reports.order_by("period_start"))
    periods = schedule.periods(reports=reports)
    can_file = services.can_file(officer, schedule)
    open_periods = [p.start for p in periods if p.report is None]
    form = None
    if can_file and open_periods:
        form = ReportForm(
            request.POST or None, periods=open_periods, initial={"language": officer.language or "en"}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.check_file_report(
                    schedule,
                    period_start=form.period_start(),
                    crossings=form.cleaned_data["crossings"],
                    incidents=form.cleaned_data["incidents"],
                    seizures=form.seizures(),
                    narrative=form.cleaned_data["narrative"],
                    language=form.cleaned_data["language"],
                    acting_user=officer,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                flash.success(request, _("Report filed."))
                return redirect("exchange:schedule_detail", uid=schedule.uid)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the reporting unit files this report."))
    return render(
        request,
        "exchange/schedule_detail.html",
        {
            "schedule": schedule,
            "periods": periods,
            "form": form,
            "chart_svg": trend_chart(schedule, reports) if reports else "",
            "illustrative": any(r.is_demo for r in reports),
            "reminders": list(schedule.reminders.all()[:3]),
        },
    )


@login_required
def report_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    report = get_visible_or_404(
        Report.objects.select_related("schedule__reporting_unit__party", "schedule__recipient_unit__party"),
        officer,
        uid=uid,
    )
    return render(request, "exchange/report_detail.html", {"report": report})
