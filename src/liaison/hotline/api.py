"""JSON API of the hotline (mounted at /api/hotline/; OpenAPI at /api/docs). Queries are scoped
to the officer; writes go through the services, whose PermissionDenied/ValidationError become
403/422 answers in config/api.py."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from liaison.core.access import get_visible_or_404, require_role, scope_unit_ids
from liaison.core.models import Officer, Twinning, Unit

from . import services
from .choices import AWAITING_ACK, OPEN_STATES
from .figures import ack_figures
from .models import Alert

router = Router(tags=["hotline"])


def _officer(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


class StepOut(Schema):
    position: int
    round: int
    action: str
    due_at: dt.datetime
    state: str
    done_at: dt.datetime | None = None


class AlertOut(Schema):
    uid: uuid.UUID
    from_unit: str
    to_unit: str
    kind: str
    offence_category: str | None = None
    subject: str
    state: str
    incoming: bool
    raised_at: dt.datetime
    delivered_at: dt.datetime | None = None
    deadline_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: str = ""
    resolved_at: dt.datetime | None = None


class NotificationOut(Schema):
    channel: str
    recipient: str
    state: str
    attempts: int
    last_error: str = ""
    step: int | None = None


class AlertDetailOut(AlertOut):
    details: str = ""
    language: str
    raised_by: str
    ack_note: str = ""
    resolution_note: str = ""
    delivery: str | None = None
    steps: list[StepOut] = []
    notifications: list[NotificationOut] = []


class AlertIn(Schema):
    to_unit: str
    kind: str
    subject: str
    details: str = ""
    offence_category: str | None = None
    language: str = ""


class NoteIn(Schema):
    note: str = ""


class FigureOut(Schema):
    twinning: str
    twinning_id: int | None = None
    month: str
    alerts: int
    median_seconds: float
    p90_seconds: float


class DeadlineIn(Schema):
    seconds: int


class ChainStepIn(Schema):
    wait_seconds: int
    action: str


class ChainIn(Schema):
    steps: list[ChainStepIn]
    repeat_times: int = 0


class ContactsIn(Schema):
    head: str | None = None  # username of an officer of the unit
    head_email: str = ""
    desk_email: str = ""
    webhook_url: str = ""


class ShiftIn(Schema):
    officer: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class OfficerOut(Schema):
    username: str
    name: str


def _alert(a: Alert, local: str) -> AlertOut:
    return AlertOut(
        uid=a.uid,
        from_unit=a.from_unit.code,
        to_unit=a.to_unit.code,
        kind=a.kind,
        offence_category=a.offence_category,
        subject=a.subject,
        state=a.state,
        incoming=a.to_unit.party.code == local,
        raised_at=a.raised_at,
        delivered_at=a.delivered_at,
        deadline_at=a.deadline_at,
        acknowledged_at=a.acknowledged_at,
        acknowledged_by=a.acknowledged_by_name,
        resolved_at=a.resolved_at,
    )


def _detail(a: Alert) -> AlertDetailOut:
    from liaison.federation import public

    local = public.local_party()
    delivery = None
    if a.to_unit.party.code != local and a.delivered_at is None and a.envelope_id:
        state = public.delivery_state(a.envelope_id)
        delivery = state.state if state else None
    return AlertDetailOut(
        **_alert(a, local).dict(),
        details=a.details,
        language=a.language,
        raised_by=a.raised_by_name,
        ack_note=a.ack_note,
        resolution_note=a.resolution_note,
        delivery=delivery,
        steps=[
            StepOut(
                position=s.position,
                round=s.round,
                action=s.action,
                due_at=s.due_at,
                state=s.state,
                done_at=s.done_at,
            )
            for s in a.steps.all()
        ],
        notifications=[
            NotificationOut(
                channel=n.channel,
                recipient=n.recipient,
                state=n.state,
                attempts=n.attempts,
                last_error=n.last_error,
                step=n.step.position if n.step else None,
            )
            for n in a.notifications.select_related("step")
        ],
    )


def _get(request: HttpRequest, uid: uuid.UUID) -> Alert:
    return get_visible_or_404(
        Alert.objects.select_related("from_unit__party", "to_unit__party"), _officer(request), uid=uid
    )


@router.get("/alerts", response=list[AlertOut])
def list_alerts(request: HttpRequest, awaiting: bool = False, open: bool = False) -> list[AlertOut]:
    """Alerts of the officer's units; `awaiting`: only those their unit must acknowledge."""
    from liaison.federation import public

    officer = _officer(request)
    alerts = Alert.objects.visible_to(officer).select_related("from_unit__party", "to_unit__party")
    if awaiting:
        alerts = alerts.filter(to_unit_id__in=scope_unit_ids(officer), state__in=AWAITING_ACK)
    if open:
        alerts = alerts.filter(state__in=OPEN_STATES)
    local = public.local_party()
    return [_alert(a, local) for a in alerts[:500]]


@router.post("/alerts", response={201: AlertDetailOut})
def raise_alert(request: HttpRequest, body: AlertIn) -> Status:
    officer = _officer(request)
    require_role(officer, *services.alerts.RAISE_ROLES)
    alert = services.check_raise_alert(
        acting_user=officer,
        to_unit=get_object_or_404(Unit, code=body.to_unit),
        kind=body.kind,
        subject=body.subject,
        details=body.details,
        offence_category=body.offence_category,
        language=body.language,
    )
    return Status(201, _detail(alert))


@router.get("/alerts/{uid}", response=AlertDetailOut)
def get_alert(request: HttpRequest, uid: uuid.UUID) -> AlertDetailOut:
    return _detail(_get(request, uid))


@router.post("/alerts/{uid}/acknowledge", response=AlertDetailOut)
def acknowledge(request: HttpRequest, uid: uuid.UUID, body: NoteIn) -> AlertDetailOut:
    return _detail(
        services.check_acknowledge(_get(request, uid), acting_user=_officer(request), note=body.note)
    )


@router.post("/alerts/{uid}/resolve", response=AlertDetailOut)
def resolve(request: HttpRequest, uid: uuid.UUID, body: NoteIn) -> AlertDetailOut:
    return _detail(services.check_resolve(_get(request, uid), acting_user=_officer(request), note=body.note))


@router.get("/figures", response=list[FigureOut])
def figures(request: HttpRequest) -> list[FigureOut]:
    """Time to acknowledge (median, 90th percentile, seconds) per twinning and month."""
    return [FigureOut(**f.__dict__) for f in ack_figures(Alert.objects.visible_to(_officer(request)))]


def _unit_in_scope(request: HttpRequest, code: str) -> Unit:
    """A unit the officer's scope holds; another unit is "not found" (need-to-know)."""
    unit = get_object_or_404(Unit, code=code)
    if unit.pk not in scope_unit_ids(_officer(request)):
        from django.http import Http404

        raise Http404("not found")
    return unit


@router.get("/units/{code}/on-duty", response=list[OfficerOut])
def on_duty(request: HttpRequest, code: str) -> list[OfficerOut]:
    unit = _unit_in_scope(request, code)
    return [OfficerOut(username=o.username, name=str(o)) for o in services.on_duty(unit.pk)]


class ShiftOut(Schema):
    id: int


@router.post("/units/{code}/shifts", response={201: ShiftOut})
def add_shift(request: HttpRequest, code: str, body: ShiftIn) -> Status:
    unit = _unit_in_scope(request, code)
    officer = get_object_or_404(Officer, username=body.officer)
    shift = services.check_add_duty_shift(
        unit, officer=officer, starts_at=body.starts_at, ends_at=body.ends_at, acting_user=_officer(request)
    )
    return Status(201, ShiftOut(id=shift.pk))


@router.put("/units/{code}/escalation", response=dict)
def set_chain(request: HttpRequest, code: str, body: ChainIn) -> dict[str, object]:
    unit = _unit_in_scope(request, code)
    rules = services.check_set_escalation_chain(
        unit,
        steps=[(s.wait_seconds, s.action) for s in body.steps],
        repeat_times=body.repeat_times,
        acting_user=_officer(request),
    )
    return {"unit": unit.code, "steps": len(rules), "repeat_times": body.repeat_times}


@router.put("/units/{code}/contacts", response=dict)
def set_contacts(request: HttpRequest, code: str, body: ContactsIn) -> dict[str, object]:
    unit = _unit_in_scope(request, code)
    head = get_object_or_404(Officer, username=body.head) if body.head else None
    services.check_set_unit_contacts(
        unit,
        head=head,
        head_email=body.head_email,
        desk_email=body.desk_email,
        webhook_url=body.webhook_url,
        acting_user=_officer(request),
    )
    return {"unit": unit.code}


@router.put("/twinnings/{twinning_id}/deadline", response=dict)
def set_deadline(request: HttpRequest, twinning_id: int, body: DeadlineIn) -> dict[str, object]:
    officer = _officer(request)
    scope = scope_unit_ids(officer)
    twinning = get_object_or_404(Twinning, pk=twinning_id)
    if twinning.unit_a_id not in scope and twinning.unit_b_id not in scope:
        from django.http import Http404

        raise Http404("not found")
    row = services.check_set_ack_deadline(twinning, seconds=body.seconds, acting_user=officer)
    return {"twinning": twinning.pk, "ack_seconds": row.ack_seconds}
