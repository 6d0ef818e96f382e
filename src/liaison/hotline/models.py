"""Hotline models: alerts between the duty desks of twinned units, their escalation steps and
notifications, and the settings that drive them (deadline per twinning, chain and contacts per
unit, duty rosters).

An alert has the same `uid` on both nodes. The receiving node owns the deadline and runs the
escalation chain (steps are rows with a due time and a state, fired by the task worker); the
sending node keeps a mirror of the same steps, updated by the envelopes that travel back.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.codelists import code_check, code_field
from liaison.core.models import Officer, Twinning, Unit

from .choices import AlertKind, AlertState, Channel, NotificationState, StepAction, StepState

__all__ = [
    "DEFAULT_ACK_SECONDS",
    "Alert",
    "AlertStep",
    "DutyShift",
    "EscalationRule",
    "Notification",
    "TwinningHotline",
    "UnitHotline",
]

DEFAULT_ACK_SECONDS = 15 * 60


class TwinningHotline(models.Model):
    """Hotline settings of one twinning: how long its duty desks have to acknowledge an alert.

    Kept here, keyed by the core twinning, so core knows nothing of the hotline. A twinning without
    a row uses DEFAULT_ACK_SECONDS."""

    twinning = models.OneToOneField(
        Twinning, on_delete=models.CASCADE, related_name="hotline", verbose_name=_("twinning")
    )
    ack_seconds = models.PositiveIntegerField(
        _("acknowledgement deadline (seconds)"),
        default=DEFAULT_ACK_SECONDS,
        help_text=_("Counted from the moment the alert reaches the receiving node"),
    )

    class Meta:
        verbose_name = _("hotline settings of a twinning")
        verbose_name_plural = _("hotline settings of twinnings")

    def __str__(self) -> str:
        return f"{self.twinning}: {self.ack_seconds}s"


class UnitHotline(models.Model):
    """Hotline settings of one unit: who its head is, its ministry's 24/7 desk, the webhook of an
    SMS gateway, and how many times its escalation chain runs again when nobody acknowledges."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="hotline", verbose_name=_("unit")
    )
    head = models.ForeignKey(
        Officer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit head"),
    )
    head_email = models.EmailField(_("unit head's e-mail"), blank=True)
    desk_email = models.EmailField(_("ministry 24/7 desk e-mail"), blank=True)
    webhook_url = models.URLField(_("SMS gateway webhook"), blank=True, max_length=300)
    repeat_times = models.PositiveSmallIntegerField(
        _("repeat the chain"), default=0, help_text=_("How many more times the chain runs")
    )
    # Set by the demo loader: its chain and contacts are invented, and the pages say so. Any
    # change by an administrator clears it.
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("hotline settings of a unit")
        verbose_name_plural = _("hotline settings of units")

    def __str__(self) -> str:
        return str(self.unit)


class EscalationRule(models.Model):
    """One step of a unit's escalation chain: wait `wait_seconds` (after the deadline for the first
    step, after the step before for the others), then do `action`."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="escalation_rules", verbose_name=_("unit")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    wait_seconds = models.PositiveIntegerField(_("wait (seconds)"), default=0)
    action = models.CharField(_("action"), max_length=20, choices=StepAction.choices)

    class Meta:
        ordering = ["unit", "position"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation chain")
        constraints = [
            models.UniqueConstraint(fields=["unit", "position"], name="hotline_rule_unit_position")
        ]

    def __str__(self) -> str:
        return f"{self.unit} #{self.position}: {self.action}"

    @property
    def wait_minutes(self) -> int | None:
        """The wait in whole minutes, or None when it is not a whole number of minutes."""
        return self.wait_seconds // 60 if self.wait_seconds % 60 == 0 else None


class DutyShiftQuerySet(models.QuerySet["DutyShift"]):
    def current(self, at: object | None = None) -> DutyShiftQuerySet:
        now = at or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)


class DutyShift(models.Model):
    """One officer on duty at a unit's desk from `starts_at` to `ends_at` (the duty roster)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="duty_shifts", verbose_name=_("unit")
    )
    officer = models.ForeignKey(
        Officer, on_delete=models.CASCADE, related_name="duty_shifts", verbose_name=_("officer")
    )
    starts_at = models.DateTimeField(_("shift starts"))
    ends_at = models.DateTimeField(_("shift ends"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "starts_at"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="hotline_shift_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} @ {self.unit} {self.starts_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """A hotline alert from one unit to a counterpart unit's duty desk (priority immediate)."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    offence_category = code_field("offence", null=True, blank=True, verbose_name=_("offence category"))
    subject = models.CharField(_("subject"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    language = models.CharField(_("language of the text"), max_length=8)
    raised_by = models.ForeignKey(
        Officer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_by_name = models.CharField(_("raised by"), max_length=200)
    raised_at = models.DateTimeField(_("raised"))
    envelope_id = models.CharField(_("envelope"), max_length=36, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=AlertState.choices, default=AlertState.RAISED)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by_name = models.CharField(_("acknowledged by"), max_length=200, blank=True)
    ack_note = models.TextField(_("note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by_name = models.CharField(_("resolved by"), max_length=200, blank=True)
    resolution_note = models.TextField(_("resolution"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("hotline alert")
        verbose_name_plural = _("hotline alerts")
        constraints = [code_check("offence_category", "offence", nullable=True)]
        indexes = [models.Index(fields=["to_unit", "state"], name="hotline_alert_desk")]

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Need-to-know: the officers of the sending or the receiving unit, or of a unit above it."""
        scope = scope_unit_ids(officer)
        return models.Q(from_unit_id__in=scope) | models.Q(to_unit_id__in=scope)

    @property
    def ack_seconds(self) -> float | None:
        if self.acknowledged_at is None or self.delivered_at is None:
            return None
        return (self.acknowledged_at - self.delivered_at).total_seconds()


class AlertStep(models.Model):
    """One step of an alert's escalation, with its due time and state. On the receiving node the
    task worker fires it (at most once: it is marked done in the transaction of its effect); on the
    sending node it mirrors what the receiving node reported."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="steps", verbose_name=_("alert"))
    position = models.PositiveSmallIntegerField(_("position"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    action = models.CharField(_("action"), max_length=20, choices=StepAction.choices)
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=StepState.choices, default=StepState.PENDING)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["alert", "position"]
        verbose_name = _("escalation step of an alert")
        verbose_name_plural = _("escalation steps of alerts")
        constraints = [models.UniqueConstraint(fields=["alert", "position"], name="hotline_step_position")]
        indexes = [models.Index(fields=["state", "due_at"], name="hotline_step_due")]

    def __str__(self) -> str:
        return f"{self.alert_id} #{self.position} {self.action} {self.state}"


class Notification(models.Model):
    """One message on one channel about an alert (for its arrival or an escalation step). Failures
    are retried with back-off by the task worker and shown on the alert page."""

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("alert")
    )
    step = models.ForeignKey(
        AlertStep,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("step"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=NotificationState.choices, default=NotificationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["alert", "created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.state}"
