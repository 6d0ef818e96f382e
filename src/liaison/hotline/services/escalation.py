"""The receiving party's escalation chain: planned as rows when an alert arrives (one per step,
with its due time), fired by the task worker. A step fires at most once: it is marked done in the
transaction that queues its notifications and its envelope to the sender, and that marking only
succeeds for a step still pending. Whenever a step's task runs, every step already due fires first,
in order, so a worker that was down (or a task that was lost with it) skips nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from liaison.core import audit
from liaison.core.models import AuditEventType
from liaison.federation import public

from .. import live
from ..choices import AWAITING_ACK, AlertState, StepAction, StepState
from ..envelopes import ALERT_ESCALATED
from ..models import Alert, AlertStep, EscalationRule, UnitHotline
from . import notify
from .common import PRIORITY, alert_event, local_party, log

# Used when a unit has configured no chain of its own (minutes after the deadline).
DEFAULT_CHAIN: tuple[tuple[int, str], ...] = (
    (0, StepAction.NOTIFY_DUTY),
    (5 * 60, StepAction.NOTIFY_HEAD),
    (10 * 60, StepAction.NOTIFY_DESK),
)


def chain_of(unit_id: int) -> tuple[list[tuple[int, str]], int]:
    """The unit's steps as (wait seconds, action) and how many more rounds the chain runs."""
    rules = [
        (r.wait_seconds, r.action)
        for r in EscalationRule.objects.filter(unit_id=unit_id).order_by("position")
    ]
    settings_row = UnitHotline.objects.filter(unit_id=unit_id).first()
    repeat = settings_row.repeat_times if settings_row is not None else 0
    return (rules or list(DEFAULT_CHAIN)), repeat


def plan_steps(alert: Alert) -> list[AlertStep]:
    """Write the alert's steps (all rounds) with their due times and schedule their tasks."""
    from ..tasks import fire_due_steps_task

    rules, repeat = chain_of(alert.to_unit_id)
    due = alert.deadline_at
    assert due is not None
    steps: list[AlertStep] = []
    position = 0
    for round_no in range(1, repeat + 2):
        for wait, action in rules:
            position += 1
            due = due + dt.timedelta(seconds=wait)
            steps.append(AlertStep(alert=alert, position=position, round=round_no, action=action, due_at=due))
    AlertStep.objects.bulk_create(steps)
    for step in steps:
        # The task row is written in this transaction (database backend): no step without its timer.
        fire_due_steps_task.using(run_after=step.due_at).enqueue()
    return steps


def fire_due_steps(now: dt.datetime | None = None) -> int:
    """Fire every pending step of this node's incoming alerts that is due, in due order; returns
    how many fired. Safe to run from several workers at once."""
    now = now or timezone.now()
    due = (
        AlertStep.objects.filter(
            state=StepState.PENDING, due_at__lte=now, alert__to_unit__party__code=local_party()
        )
        .order_by("due_at", "alert_id", "position")
        .values_list("pk", flat=True)
    )
    return sum(1 for step_id in list(due) if fire_step(step_id, now=now))


@transaction.atomic
def fire_step(step_id: int, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    step = AlertStep.objects.get(pk=step_id)
    # Lock the alert first (as an acknowledgement does), so a step never fires after an
    # acknowledgement that committed while it was being read.
    alert = (
        Alert.objects.select_for_update()
        .select_related("from_unit__party", "to_unit__party")
        .get(pk=step.alert_id)
    )
    if alert.state not in AWAITING_ACK:
        AlertStep.objects.filter(pk=step.pk, state=StepState.PENDING).update(state=StepState.CANCELLED)
        return False
    # The guard of "at most once": only the transaction that moves the row from pending fires it.
    claimed = AlertStep.objects.filter(pk=step.pk, state=StepState.PENDING).update(
        state=StepState.DONE, done_at=now
    )
    if not claimed:
        return False
    step.state, step.done_at = StepState.DONE, now
    if alert.state != AlertState.ESCALATING:
        alert.state = AlertState.ESCALATING
        alert.save(update_fields=["state"])
    if step.action == StepAction.NOTIFY_DUTY:
        notify.notify_duty_desk(alert, step=step)
    elif step.action == StepAction.NOTIFY_HEAD:
        notify.notify_head(alert, step=step)
    elif step.action == StepAction.NOTIFY_DESK:
        notify.notify_ministry_desk(alert, step=step)
    public.share(
        ALERT_ESCALATED,
        {"uid": str(alert.uid), "position": step.position, "action": step.action, "done_at": now.isoformat()},
        to_parties=[alert.from_unit.party.code],
        priority=PRIORITY,
    )
    audit.record(
        AuditEventType.HOTLINE_ALERT_ESCALATED,
        actor=None,
        actor_name="escalation",
        target=alert,
        extra={"uid": str(alert.uid), "position": step.position, "action": step.action},
    )
    log.info("alert %s: escalation step %d (%s) fired", alert.uid, step.position, step.action)
    live.push_on_commit(
        alert.to_unit_id, alert_event(alert, "escalated", position=step.position, action=step.action)
    )
    return True


@transaction.atomic
def receive_escalated(payload: dict[str, object], *, from_party: str) -> Alert:
    """The sender's mirror: the receiving party reports that one of its steps fired."""
    from .alerts import _outgoing
    from .common import parse_time

    alert = _outgoing(str(payload["uid"]), from_party)
    done_at = parse_time(str(payload["done_at"]))
    position = int(payload["position"])  # type: ignore[call-overload]
    step, created = AlertStep.objects.get_or_create(
        alert=alert,
        position=position,
        defaults={
            "action": str(payload["action"]),
            "due_at": done_at,
            "state": StepState.DONE,
            "done_at": done_at,
        },
    )
    if not created:
        step.state, step.done_at = StepState.DONE, done_at
        step.save(update_fields=["state", "done_at"])
    if alert.state in (AlertState.RAISED, AlertState.DELIVERED):
        alert.state = AlertState.ESCALATING
        alert.save(update_fields=["state"])
    audit.record(
        AuditEventType.HOTLINE_ALERT_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=alert,
        extra={"uid": str(alert.uid), "step": position},
    )
    live.push_on_commit(
        alert.from_unit_id, alert_event(alert, "escalated", position=position, action=step.action)
    )
    return alert
