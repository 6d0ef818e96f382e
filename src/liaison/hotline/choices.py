"""The hotline's own closed lists (alert kinds, states, escalation actions, notification channels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    WANTED_PERSON = "wanted_person", _("Wanted person")
    MISSING_PERSON = "missing_person", _("Missing person")
    IMMINENT_THREAT = "imminent_threat", _("Imminent threat")
    CROSS_BORDER_PURSUIT = "cross_border_pursuit", _("Cross-border pursuit")
    OTHER = "other", _("Other")


class AlertState(models.TextChoices):
    RAISED = "raised", _("Raised, not yet delivered")
    DELIVERED = "delivered", _("Delivered, awaiting acknowledgement")
    ESCALATING = "escalating", _("Not acknowledged in time: escalating")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


OPEN_STATES = (AlertState.RAISED, AlertState.DELIVERED, AlertState.ESCALATING)
AWAITING_ACK = (AlertState.DELIVERED, AlertState.ESCALATING)


class StepAction(models.TextChoices):
    NOTIFY_DUTY = "notify_duty", _("Notify the duty officers again")
    NOTIFY_HEAD = "notify_head", _("Notify the unit head")
    NOTIFY_DESK = "notify_desk", _("Notify the ministry's 24/7 desk")


class StepState(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("not needed (acknowledged)")


class Channel(models.TextChoices):
    BROWSER = "browser", _("Browser (live push and sound)")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook (SMS gateway)")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("failed, retrying")
    FAILED = "failed", _("failed, gave up")
