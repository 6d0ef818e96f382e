"""Alerts: raised on the sending node, received (and escalated) on the receiving node; delivery,
acknowledgement and resolution travel back as envelopes. Each function runs in one transaction,
writes its audit row there, queues its envelopes there (transactional outbox) and pushes to open
pages only after the commit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import scope_unit_ids
from liaison.core.codelists import codes
from liaison.core.models import AuditEventType, Officer, Unit
from liaison.federation import public

from .. import live
from ..choices import AWAITING_ACK, OPEN_STATES, AlertKind, AlertState, StepState
from ..envelopes import ALERT_ACKNOWLEDGED, ALERT_DELIVERED, ALERT_RAISED, ALERT_RESOLVED
from ..models import Alert, AlertStep
from . import escalation, notify
from .common import (
    PRIORITY,
    ack_seconds_for,
    alert_event,
    invalid,
    is_incoming,
    local_party,
    parse_time,
    twinning_of,
)

RAISE_ROLES = ("duty_officer", "officer")
ACK_ROLES = ("duty_officer", "officer")


def counterparts(officer: Officer) -> list[Unit]:
    """The units an officer's unit may raise an alert to: its twinned units of other parties."""
    from django.db.models import Q

    from liaison.core.models import Twinning

    if not officer.unit_id:
        return []
    pairs = Twinning.objects.filter(Q(unit_a_id=officer.unit_id) | Q(unit_b_id=officer.unit_id))
    ids = {t.unit_b_id if t.unit_a_id == officer.unit_id else t.unit_a_id for t in pairs}
    return list(Unit.objects.filter(pk__in=ids).select_related("party").order_by("code"))


def _name(officer: Officer) -> str:
    return officer.get_full_name() or officer.username


@transaction.atomic
def check_raise_alert(
    *,
    acting_user: Officer,
    to_unit: Unit,
    kind: str,
    subject: str,
    details: str = "",
    offence_category: str | None = None,
    language: str = "",
) -> Alert:
    """Raise a hotline alert from the officer's unit to a twinned unit of another party."""
    if not acting_user.has_role(*RAISE_ROLES):
        raise PermissionDenied(_("Only duty officers and officers raise hotline alerts."))
    from_unit = acting_user.unit
    if from_unit is None:
        raise PermissionDenied(_("You belong to no unit, so you cannot raise a hotline alert."))
    if from_unit.party.code != local_party():
        raise PermissionDenied(_("Alerts are raised from this node's own units."))
    if twinning_of(from_unit, to_unit) is None or to_unit.party_id == from_unit.party_id:
        raise invalid(_("Hotline alerts go to a twinned unit of another party."))
    if kind not in AlertKind.values:
        raise invalid(_("Unknown kind of alert."))
    if offence_category and offence_category not in codes("offence"):
        raise invalid(_("Unknown offence category."))
    subject = subject.strip()
    if not subject:
        raise invalid(_("Say in a few words what the alert is about."))
    alert = Alert.objects.create(
        uid=uuid.uuid4(),
        from_unit=from_unit,
        to_unit=to_unit,
        kind=kind,
        offence_category=offence_category or None,
        subject=subject[:200],
        details=details.strip(),
        language=(language or acting_user.language or from_unit.party.language)[:8],
        raised_by=acting_user,
        raised_by_name=_name(acting_user),
        raised_at=timezone.now(),
    )
    payload = {
        "uid": str(alert.uid),
        "from_unit": from_unit.code,
        "to_unit": to_unit.code,
        "kind": kind,
        "offence_category": alert.offence_category,
        "subject": alert.subject,
        "details": alert.details,
        "language": alert.language,
        "raised_by": alert.raised_by_name,
        "raised_at": alert.raised_at.isoformat(),
    }
    (alert.envelope_id,) = public.share(
        ALERT_RAISED, payload, to_parties=[to_unit.party.code], priority=PRIORITY
    )
    alert.save(update_fields=["envelope_id"])
    audit.record(
        AuditEventType.HOTLINE_ALERT_RAISED,
        actor=acting_user,
        target=alert,
        extra={"uid": str(alert.uid), "to": to_unit.code, "kind": kind},
    )
    live.push_on_commit(from_unit.pk, alert_event(alert, "raised"))
    return alert


@transaction.atomic
def receive_alert(payload: dict[str, Any], *, from_party: str) -> Alert:
    """An alert arrives from a peer: its deadline counts from now (the moment of delivery)."""
    existing = Alert.objects.filter(uid=payload["uid"]).first()
    if existing is not None:
        return existing  # the inbox applies an envelope once; this guards a re-raised uid too
    units = {u.code: u for u in Unit.objects.filter(code__in=[payload["from_unit"], payload["to_unit"]])}
    from_unit, to_unit = units.get(payload["from_unit"]), units.get(payload["to_unit"])
    if from_unit is None or to_unit is None:
        raise ValueError(f"unit unknown on this node: {payload['from_unit']} or {payload['to_unit']}")
    if from_unit.party.code != from_party:
        raise ValueError(f"{from_party} cannot raise an alert from {from_unit.code}")
    if to_unit.party.code != local_party():
        raise ValueError(f"{to_unit.code} is not a unit of this node's party")
    if payload["kind"] not in AlertKind.values:
        raise ValueError(f"unknown alert kind {payload['kind']!r}")
    offence = payload.get("offence_category")
    if offence and offence not in codes("offence"):
        raise ValueError(f"unknown offence category {offence!r}")
    now = timezone.now()
    alert = Alert.objects.create(
        uid=payload["uid"],
        from_unit=from_unit,
        to_unit=to_unit,
        kind=payload["kind"],
        offence_category=offence or None,
        subject=payload["subject"][:200],
        details=payload.get("details", ""),
        language=payload["language"][:8],
        raised_by_name=payload["raised_by"][:200],
        raised_at=parse_time(payload["raised_at"]),
        state=AlertState.DELIVERED,
        delivered_at=now,
        deadline_at=now + dt.timedelta(seconds=ack_seconds_for(from_unit, to_unit)),
    )
    steps = escalation.plan_steps(alert)
    notify.notify_duty_desk(alert, step=None)
    public.share(
        ALERT_DELIVERED,
        {
            "uid": str(alert.uid),
            "delivered_at": now.isoformat(),
            "deadline_at": alert.deadline_at.isoformat(),  # type: ignore[union-attr]
            "steps": [
                {"position": s.position, "round": s.round, "action": s.action, "due_at": s.due_at.isoformat()}
                for s in steps
            ],
        },
        to_parties=[from_party],
        priority=PRIORITY,
    )
    audit.record(
        AuditEventType.HOTLINE_ALERT_RECEIVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=alert,
        extra={"uid": str(alert.uid), "from": from_unit.code, "deadline": alert.deadline_at},
    )
    live.push_on_commit(to_unit.pk, alert_event(alert, "raised"))
    return alert


def _outgoing(uid: str, from_party: str) -> Alert:
    """The sender's copy of an alert that the receiving party `from_party` reports on."""
    alert = Alert.objects.select_related("from_unit__party", "to_unit__party").filter(uid=uid).first()
    if alert is None:
        raise ValueError(f"no hotline alert {uid} on this node")
    if alert.to_unit.party.code != from_party:
        raise ValueError(f"{from_party} does not receive alert {uid}")
    return alert


@transaction.atomic
def receive_delivered(payload: dict[str, Any], *, from_party: str) -> Alert:
    alert = _outgoing(payload["uid"], from_party)
    alert.delivered_at = parse_time(payload["delivered_at"])
    alert.deadline_at = parse_time(payload["deadline_at"])
    fields = ["delivered_at", "deadline_at"]
    if alert.state == AlertState.RAISED:
        alert.state = AlertState.DELIVERED
        fields.append("state")
    alert.save(update_fields=fields)
    for step in payload.get("steps", []):
        AlertStep.objects.get_or_create(
            alert=alert,
            position=step["position"],
            defaults={"round": step["round"], "action": step["action"], "due_at": parse_time(step["due_at"])},
        )
    audit.record(
        AuditEventType.HOTLINE_ALERT_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=alert,
        extra={"uid": str(alert.uid), "delivered_at": payload["delivered_at"]},
    )
    live.push_on_commit(alert.from_unit_id, alert_event(alert, "delivered"))
    return alert


def _cancel_pending_steps(alert: Alert) -> None:
    AlertStep.objects.filter(alert=alert, state=StepState.PENDING).update(state=StepState.CANCELLED)


@transaction.atomic
def check_acknowledge(alert: Alert, *, acting_user: Officer, note: str = "") -> Alert:
    """A duty officer of the receiving unit acknowledges: the chain stops, the sender is told."""
    alert = Alert.objects.select_for_update().select_related("from_unit", "to_unit__party").get(pk=alert.pk)
    if not acting_user.has_role(*ACK_ROLES):
        raise PermissionDenied(_("Only duty officers and officers acknowledge hotline alerts."))
    if not is_incoming(alert) or alert.to_unit_id not in scope_unit_ids(acting_user):
        raise PermissionDenied(_("Only the receiving unit acknowledges an alert."))
    if alert.state not in AWAITING_ACK:
        raise invalid(_("This alert is not awaiting acknowledgement."))
    now = timezone.now()
    alert.state, alert.acknowledged_at = AlertState.ACKNOWLEDGED, now
    alert.acknowledged_by_name, alert.ack_note = _name(acting_user), note.strip()
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by_name", "ack_note"])
    _cancel_pending_steps(alert)
    public.share(
        ALERT_ACKNOWLEDGED,
        {
            "uid": str(alert.uid),
            "acknowledged_at": now.isoformat(),
            "acknowledged_by": alert.acknowledged_by_name,
            "note": alert.ack_note,
        },
        to_parties=[alert.from_unit.party.code],
        priority=PRIORITY,
    )
    audit.record(
        AuditEventType.HOTLINE_ALERT_ACKNOWLEDGED,
        actor=acting_user,
        target=alert,
        extra={"uid": str(alert.uid), "seconds": alert.ack_seconds},
    )
    live.push_on_commit(alert.to_unit_id, alert_event(alert, "acknowledged"))
    return alert


@transaction.atomic
def receive_acknowledged(payload: dict[str, Any], *, from_party: str) -> Alert:
    alert = _outgoing(payload["uid"], from_party)
    if alert.state in OPEN_STATES:
        alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_at = parse_time(payload["acknowledged_at"])
    alert.acknowledged_by_name = payload["acknowledged_by"][:200]
    alert.ack_note = payload.get("note", "")
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by_name", "ack_note"])
    _cancel_pending_steps(alert)
    audit.record(
        AuditEventType.HOTLINE_ALERT_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=alert,
        extra={"uid": str(alert.uid), "acknowledged_by": alert.acknowledged_by_name},
    )
    live.push_on_commit(alert.from_unit_id, alert_event(alert, "acknowledged"))
    return alert


@transaction.atomic
def check_resolve(alert: Alert, *, acting_user: Officer, note: str) -> Alert:
    """Either unit closes the alert with a resolution (e.g. the person was found)."""
    alert = (
        Alert.objects.select_for_update()
        .select_related("from_unit__party", "to_unit__party")
        .get(pk=alert.pk)
    )
    if not acting_user.has_role(*ACK_ROLES):
        raise PermissionDenied(_("Only duty officers and officers resolve hotline alerts."))
    own = alert.to_unit if is_incoming(alert) else alert.from_unit
    if own.pk not in scope_unit_ids(acting_user):
        raise PermissionDenied(_("Only the sending or the receiving unit resolves an alert."))
    if alert.state == AlertState.RESOLVED:
        raise invalid(_("This alert is already resolved."))
    if not note.strip():
        raise invalid(_("Say how the alert was resolved."))
    now = timezone.now()
    alert.state, alert.resolved_at = AlertState.RESOLVED, now
    alert.resolved_by_name, alert.resolution_note = _name(acting_user), note.strip()
    alert.save(update_fields=["state", "resolved_at", "resolved_by_name", "resolution_note"])
    _cancel_pending_steps(alert)
    other = alert.from_unit if is_incoming(alert) else alert.to_unit
    public.share(
        ALERT_RESOLVED,
        {
            "uid": str(alert.uid),
            "resolved_at": now.isoformat(),
            "resolved_by": alert.resolved_by_name,
            "note": alert.resolution_note,
        },
        to_parties=[other.party.code],
        priority=PRIORITY,
    )
    audit.record(
        AuditEventType.HOTLINE_ALERT_RESOLVED, actor=acting_user, target=alert, extra={"uid": str(alert.uid)}
    )
    live.push_on_commit(own.pk, alert_event(alert, "resolved"))
    return alert


@transaction.atomic
def receive_resolved(payload: dict[str, Any], *, from_party: str) -> Alert:
    alert = (
        Alert.objects.select_related("from_unit__party", "to_unit__party").filter(uid=payload["uid"]).first()
    )
    if alert is None:
        raise ValueError(f"no hotline alert {payload['uid']} on this node")
    if from_party not in (alert.from_unit.party.code, alert.to_unit.party.code):
        raise ValueError(f"{from_party} is not a party to alert {alert.uid}")
    alert.state = AlertState.RESOLVED
    alert.resolved_at = parse_time(payload["resolved_at"])
    alert.resolved_by_name, alert.resolution_note = payload["resolved_by"][:200], payload.get("note", "")
    alert.save(update_fields=["state", "resolved_at", "resolved_by_name", "resolution_note"])
    _cancel_pending_steps(alert)
    audit.record(
        AuditEventType.HOTLINE_ALERT_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=alert,
        extra={"uid": str(alert.uid), "resolved_by": alert.resolved_by_name},
    )
    own = alert.to_unit if is_incoming(alert) else alert.from_unit
    live.push_on_commit(own.pk, alert_event(alert, "resolved"))
    return alert
