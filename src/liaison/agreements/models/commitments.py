from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.models import Party, Unit
from liaison.core.models.party import pick_name

from ..choices import OPEN_STATUSES, Area, CommitmentStatus
from .documents import Document

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["Commitment", "ProgressUpdate"]


class CommitmentQuerySet(ScopedQuerySet["Commitment"]):
    def overdue(self, today: dt.date | None = None) -> CommitmentQuerySet:
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate())

    def with_reported_progress(self) -> CommitmentQuerySet:
        """Annotate `has_reported_progress`: some party reported real (not illustrative) progress."""
        reported = ProgressUpdate.objects.filter(commitment=models.OuterRef("pk"), is_illustrative=False)
        return self.annotate(has_reported_progress=models.Exists(reported))


class Commitment(models.Model):
    """One undertaking of a signed document, tracked to done: an owner unit on each side, a due date,
    a status and progress updates with evidence. `overdue` is computed, never stored."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("document")
    )
    key = models.CharField(_("key in its document"), max_length=40)
    clause = models.CharField(_("clause"), max_length=60, blank=True)
    texts = models.JSONField(_("text"), default=dict, help_text=_("Text by language code"))
    area = models.CharField(_("area"), max_length=30, choices=Area.choices, default=Area.OTHER)
    owner_units = models.ManyToManyField(
        Unit, related_name="agreement_commitments", verbose_name=_("owner units")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    carried_forward_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_forward_to",
        verbose_name=_("carried forward from"),
    )
    source_quote = models.TextField(_("source sentence"), blank=True)
    source_ref = models.CharField(_("source"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "document", "key"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="agreements_commitment_key")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("agreements:commitment_detail", args=[self.uid])

    @property
    def text(self) -> str:
        return pick_name(self.texts) if self.texts else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def slippage_days(self) -> int | None:
        """Days past the due date: until today while open, until completion when done."""
        if self.due_on is None or self.status == CommitmentStatus.DROPPED:
            return None
        if self.status == CommitmentStatus.DONE:
            end = timezone.localdate(self.status_changed_at) if self.status_changed_at else self.due_on
        else:
            end = timezone.localdate()
        return (end - self.due_on).days

    @property
    def latest_update(self) -> ProgressUpdate | None:
        """The last progress update (uses prefetched updates when there are some)."""
        updates = sorted(self.updates.all(), key=lambda u: u.created_at)
        return updates[-1] if updates else None

    @property
    def status_is_illustrative(self) -> bool:
        """A demo commitment's status is invented until a party reports real progress on it (uses the
        `with_reported_progress()` annotation, or prefetched updates, when there are some)."""
        if not self.is_demo:
            return False
        reported = getattr(self, "has_reported_progress", None)
        if reported is None:
            reported = any(not u.is_illustrative for u in self.updates.all())
        return not reported

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Need-to-know: the officers of an owner unit (or a unit above it) see a commitment; liaison
        officers, who track every commitment to done, see them all."""
        if officer.has_role("liaison"):
            return models.Q()
        owned = cls.owner_units.through.objects.filter(unit_id__in=scope_unit_ids(officer))
        return models.Q(pk__in=models.Subquery(owned.values("commitment_id")))

    def owners_by_party(self) -> dict[str, Unit]:
        return {u.party.code: u for u in self.owner_units.all()}


class ProgressUpdate(models.Model):
    """A progress report on a commitment, from either party, with optional evidence files."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"))
    status_before = models.CharField(_("status before"), max_length=12, choices=CommitmentStatus.choices)
    status_after = models.CharField(_("status after"), max_length=12, choices=CommitmentStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for the demo: no party reported this."),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.status_after}"
