"""Hotline settings: the acknowledgement deadline of a twinning, a unit's escalation chain and
contacts, and the duty roster. Node administrators set them for the units in their scope; duty
officers add shifts to their own unit's roster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import require_role, scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Twinning, Unit

from ..choices import StepAction
from ..models import DutyShift, EscalationRule, TwinningHotline, UnitHotline
from .common import invalid

MIN_ACK_SECONDS = 1  # short deadlines serve drills and tests; the default is 15 minutes
MAX_ACK_SECONDS = 24 * 3600


def _allowed(officer: Officer | None, unit: Unit, *roles: str) -> None:
    """Role and scope of the acting officer; None is the system itself (demo loader, commands)."""
    if officer is None:
        return
    require_role(officer, *roles)
    if unit.pk not in scope_unit_ids(officer):
        raise PermissionDenied(_("This unit is outside your scope."))


@transaction.atomic
def check_set_ack_deadline(
    twinning: Twinning, *, seconds: int, acting_user: Officer | None
) -> TwinningHotline:
    if acting_user is not None:
        require_role(acting_user, "admin")
        scope = scope_unit_ids(acting_user)
        if twinning.unit_a_id not in scope and twinning.unit_b_id not in scope:
            raise PermissionDenied(_("This twinning is outside your scope."))
    if not MIN_ACK_SECONDS <= seconds <= MAX_ACK_SECONDS:
        raise invalid(_("The deadline must be between one second and 24 hours."))
    row, _created = TwinningHotline.objects.get_or_create(twinning=twinning)
    before = row.ack_seconds
    row.ack_seconds = seconds
    row.save(update_fields=["ack_seconds"])
    audit.record(
        AuditEventType.HOTLINE_SETTINGS_CHANGED,
        actor=acting_user,
        target=twinning,
        extra={"ack_seconds": {"before": before, "after": seconds}},
    )
    return row


@transaction.atomic
def check_set_escalation_chain(
    unit: Unit,
    *,
    steps: Sequence[tuple[int, str]],
    repeat_times: int = 0,
    acting_user: Officer | None,
    is_demo: bool = False,
) -> list[EscalationRule]:
    """Replace the unit's chain with `steps`, each (wait seconds, action), in order."""
    _allowed(acting_user, unit, "admin")
    if not steps:
        raise invalid(_("An escalation chain needs at least one step."))
    if not 0 <= repeat_times <= 5:
        raise invalid(_("A chain repeats at most five times."))
    for wait, action in steps:
        if action not in StepAction.values:
            raise invalid(_("Unknown escalation action."))
        if not 0 <= wait <= MAX_ACK_SECONDS:
            raise invalid(_("A wait must be between zero and 24 hours."))
    before = list(EscalationRule.objects.filter(unit=unit).values_list("wait_seconds", "action"))
    EscalationRule.objects.filter(unit=unit).delete()
    rules = EscalationRule.objects.bulk_create(
        EscalationRule(unit=unit, position=i, wait_seconds=wait, action=action)
        for i, (wait, action) in enumerate(steps, start=1)
    )
    row, _created = UnitHotline.objects.get_or_create(unit=unit)
    row.repeat_times, row.is_demo = repeat_times, is_demo
    row.save(update_fields=["repeat_times", "is_demo"])
    audit.record(
        AuditEventType.HOTLINE_SETTINGS_CHANGED,
        actor=acting_user,
        target=unit,
        extra={"chain": {"before": before, "after": list(steps)}, "repeat_times": repeat_times},
    )
    return rules


@transaction.atomic
def check_set_unit_contacts(
    unit: Unit,
    *,
    head: Officer | None = None,
    head_email: str = "",
    desk_email: str = "",
    webhook_url: str = "",
    acting_user: Officer | None,
    is_demo: bool = False,
) -> UnitHotline:
    _allowed(acting_user, unit, "admin")
    if head is not None and head.unit_id != unit.pk:
        raise invalid(_("The unit head must be an officer of the unit."))
    if webhook_url and not webhook_url.startswith(("https://", "http://")):
        raise invalid(_("The webhook must be an http(s) URL."))
    row, _created = UnitHotline.objects.get_or_create(unit=unit)
    row.head, row.head_email, row.desk_email, row.webhook_url = head, head_email, desk_email, webhook_url
    row.is_demo = is_demo
    row.save(update_fields=["head", "head_email", "desk_email", "webhook_url", "is_demo"])
    audit.record(
        AuditEventType.HOTLINE_SETTINGS_CHANGED,
        actor=acting_user,
        target=unit,
        extra={
            "head": head.username if head else "",
            "head_email": head_email,
            "desk_email": desk_email,
            "webhook": bool(webhook_url),
        },
    )
    return row


@transaction.atomic
def check_add_duty_shift(
    unit: Unit,
    *,
    officer: Officer,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    acting_user: Officer | None,
    is_demo: bool = False,
) -> DutyShift:
    _allowed(acting_user, unit, "admin", "duty_officer")
    if officer.unit_id != unit.pk:
        raise invalid(_("Only an officer of the unit goes on its duty roster."))
    if ends_at <= starts_at:
        raise invalid(_("A shift ends after it starts."))
    shift = DutyShift.objects.create(
        unit=unit, officer=officer, starts_at=starts_at, ends_at=ends_at, is_demo=is_demo
    )
    audit.record(
        AuditEventType.HOTLINE_DUTY_SHIFT_ADDED,
        actor=acting_user,
        target=shift,
        extra={"unit": unit.code, "officer": officer.username, "from": starts_at, "until": ends_at},
    )
    return shift
