"""Hotline pages. Every query goes through `Alert.objects.visible_to`; every write through services."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import get_visible_or_404, refusal_text, require_role, role_required, scope_unit_ids
from liaison.core.models import Officer
from liaison.federation import public

from . import services
from .choices import AWAITING_ACK, OPEN_STATES, StepState
from .figures import ack_figures
from .forms import NoteForm, RaiseAlertForm, ResolveForm, ShiftForm
from .models import Alert, DutyShift, UnitHotline
from .panels import panel_context
from .services.common import is_incoming


def _me(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    scope = scope_unit_ids(officer)
    visible = Alert.objects.visible_to(officer).select_related("from_unit", "to_unit")
    return render(
        request,
        "hotline/index.html",
        {
            "awaiting": visible.filter(to_unit_id__in=scope, state__in=AWAITING_ACK).order_by("deadline_at"),
            "outgoing": visible.filter(from_unit_id__in=scope, state__in=OPEN_STATES).order_by("-raised_at"),
            "closed": visible.exclude(state__in=OPEN_STATES).order_by("-raised_at")[:30],
            "can_raise": officer.has_role(*services.alerts.RAISE_ROLES)
            and bool(services.counterparts(officer)),
        },
    )


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    """The dashboard panel's rows alone: the page's script fetches them when a push arrives."""
    return render(
        request, "hotline/panels/_awaiting_body.html", {"panel": {"context": panel_context(_me(request))}}
    )


@login_required
@role_required(*services.alerts.RAISE_ROLES)
def alert_create(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    units = services.counterparts(officer)
    form = RaiseAlertForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.check_raise_alert(
                acting_user=officer,
                to_unit=form.cleaned_data["to_unit"],
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                details=form.cleaned_data["details"],
                offence_category=form.cleaned_data["offence_category"] or None,
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Hotline alert raised."))
            return redirect("hotline:alert_detail", uid=alert.uid)
    return render(request, "hotline/alert_form.html", {"form": form, "units": units})


@login_required
def alert_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    alert = get_visible_or_404(
        Alert.objects.select_related("from_unit__party", "to_unit__party"), officer, uid=uid
    )
    incoming = is_incoming(alert)
    delivery = None
    if not incoming and alert.delivered_at is None and alert.envelope_id:
        delivery = public.delivery_state(alert.envelope_id)
    own_unit = alert.to_unit_id if incoming else alert.from_unit_id
    may_act = officer.has_role(*services.alerts.ACK_ROLES) and own_unit in scope_unit_ids(officer)
    steps = list(alert.steps.all())
    return render(
        request,
        "hotline/alert_detail.html",
        {
            "alert": alert,
            "incoming": incoming,
            "delivery": delivery,
            "steps": steps,
            "steps_done": sum(1 for s in steps if s.state == StepState.DONE),
            "notifications": alert.notifications.select_related("step"),
            "can_acknowledge": may_act and incoming and alert.state in AWAITING_ACK,
            "can_resolve": may_act and alert.state in (*OPEN_STATES, "acknowledged"),
            "overdue": alert.deadline_at is not None
            and alert.acknowledged_at is None
            and alert.deadline_at < timezone.now(),
            "note_form": NoteForm(),
            "resolve_form": ResolveForm(),
        },
    )


@require_POST
@login_required
def alert_acknowledge(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    alert = get_visible_or_404(Alert.objects.all(), officer, uid=uid)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.check_acknowledge(alert, acting_user=officer, note=note)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Alert acknowledged; the sending unit is being told."))
    return redirect("hotline:alert_detail", uid=uid)


@require_POST
@login_required
def alert_resolve(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    alert = get_visible_or_404(Alert.objects.all(), officer, uid=uid)
    form = ResolveForm(request.POST)
    try:
        services.check_resolve(alert, acting_user=officer, note=form.data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Alert resolved."))
    return redirect("hotline:alert_detail", uid=uid)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    return render(
        request, "hotline/figures.html", {"figures": ack_figures(Alert.objects.visible_to(_me(request)))}
    )


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    unit = officer.unit
    if unit is None:
        raise Http404(_("You belong to no unit."))
    form = ShiftForm(request.POST or None, unit=unit)
    if request.method == "POST":
        require_role(officer, "admin", "duty_officer")
    if request.method == "POST" and form.is_valid():
        try:
            services.check_add_duty_shift(
                unit,
                officer=form.cleaned_data["officer"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                acting_user=officer,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Shift added to the roster."))
            return redirect("hotline:roster")
    now = timezone.now()
    return render(
        request,
        "hotline/roster.html",
        {
            "unit": unit,
            "on_duty": services.on_duty(unit.pk),
            "shifts": DutyShift.objects.filter(unit=unit, ends_at__gt=now).select_related("officer")[:50],
            "form": form,
            "can_edit": officer.has_role("admin", "duty_officer"),
            "rules": unit.escalation_rules.all(),
            "hotline_settings": UnitHotline.objects.filter(unit=unit).first(),
        },
    )
