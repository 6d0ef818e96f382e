"""Closed choice lists of the exchange app (stored as codes, shown in the reader's language).

Offence categories, TLP labels and priorities are not here: they are the closed lists of
`liaison.core.codelists`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Frequency", "PeriodState", "ReceiptKind", "WidenStatus"]


class ReceiptKind(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")


class WidenStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the originator")
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class PeriodState(models.TextChoices):
    """Where a reporting period stands (computed, never stored)."""

    NOT_DUE = "not_due", _("Not yet due")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    FILED = "filed", _("Filed")
    FILED_LATE = "filed_late", _("Filed late")
