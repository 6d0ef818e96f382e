"""Assistance requests between the parties, and the bilateral arrangements that set their deadlines."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.models import Party, Unit

from ..choices import OPEN_REQUEST_STATUSES, RequestStatus, Urgency
from .cases import Case

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["DEFAULT_HOURS", "Arrangement", "AssistanceRequest"]

DEFAULT_HOURS = {Urgency.IMMEDIATE: 8, Urgency.URGENT: 72, Urgency.ROUTINE: 168}


class Arrangement(models.Model):
    """The deadlines two parties agreed for answering each other's assistance requests, by urgency.

    Keyed by the pair of parties (stored in code order, so VN-LA and LA-VN are one row); without a
    row the defaults apply (8 hours, 3 days, 7 days)."""

    party_a = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    party_b = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    immediate_hours = models.PositiveIntegerField(_("hours to answer an immediate request"), default=8)
    urgent_hours = models.PositiveIntegerField(_("hours to answer an urgent request"), default=72)
    routine_hours = models.PositiveIntegerField(_("hours to answer a routine request"), default=168)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bilateral arrangement")
        verbose_name_plural = _("bilateral arrangements")
        constraints = [
            models.UniqueConstraint(fields=["party_a", "party_b"], name="cases_arrangement_pair"),
            models.CheckConstraint(
                condition=~models.Q(party_a=models.F("party_b")), name="cases_arrangement_two"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_a_id}-{self.party_b_id}"

    def hours(self, urgency: str) -> int:
        return int(getattr(self, f"{urgency}_hours"))


class RequestQuerySet(ScopedQuerySet["AssistanceRequest"]):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN_REQUEST_STATUSES)

    def overdue(self, now: dt.datetime | None = None) -> RequestQuerySet:
        return self.open().filter(deadline__lt=now or timezone.now())


class AssistanceRequest(models.Model):
    """A request for assistance from a unit of one party to a unit of another, with a deadline set by
    urgency; asked, then accepted, answered or declined. Both nodes hold it (same uid); each status
    change travels as an envelope. `hit_reference` quotes the answer of a hit/no-hit query: the
    requested node resolves it to the record it holds, and only its officers see that record."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="requests", verbose_name=_("case")
    )
    case_reference = models.CharField(_("case reference"), max_length=60, blank=True)
    from_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    to_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting unit")
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested unit")
    )
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.ROUTINE)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("request"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    hit_reference = models.CharField(_("hit reference"), max_length=40, blank=True)
    asked_by_name = models.CharField(_("asked by"), max_length=150, blank=True)
    asked_at = models.DateTimeField(_("asked"))
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.ASKED
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_language = models.CharField(_("answer language"), max_length=8, blank=True)
    answered_by_name = models.CharField(_("answered by"), max_length=150, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """The officers of the requesting or the requested unit (or of a unit above either)."""
        scope = scope_unit_ids(officer)
        return models.Q(from_unit_id__in=scope) | models.Q(to_unit_id__in=scope)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.now()
