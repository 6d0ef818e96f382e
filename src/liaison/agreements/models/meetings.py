from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet
from liaison.core.models import Official, Party
from liaison.core.models.party import pick_name

from ..choices import MeetingKind

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["Meeting"]


class Meeting(models.Model):
    """A meeting of the parties (annual security conference, plan review, dialogue...).

    Shared history: both nodes hold a copy, matched across nodes by `uid`."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number in its series"), null=True, blank=True, help_text=_("e.g. 14 for the 14th conference")
    )
    titles = models.JSONField(_("title"), default=dict, help_text=_("Title by language code"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        default="day",
        choices=[("day", _("day")), ("month", _("month"))],
        help_text=_("'month' when the sources give only the month"),
    )
    places = models.JSONField(_("place"), default=dict, blank=True, help_text=_("Place by language code"))
    host_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("host party")
    )
    parties = models.ManyToManyField(Party, related_name="agreement_meetings", verbose_name=_("parties"))
    co_chairs = models.ManyToManyField(
        Official, blank=True, related_name="chaired_meetings", verbose_name=_("co-chairs")
    )
    delegations = models.JSONField(
        _("delegations"),
        default=dict,
        blank=True,
        help_text=_("Members of each party's delegation, by party code"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    notes_language = models.CharField(_("language of the notes"), max_length=8, blank=True)
    source_ref = models.CharField(_("source"), max_length=200, blank=True)
    source_quote = models.TextField(_("source sentence"), blank=True)
    also_reported = models.JSONField(
        _("also reported"),
        default=list,
        blank=True,
        help_text=_("Other reports: a list of {source, quote}"),
    )
    origin_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:meeting_detail", args=[self.uid])

    @property
    def title(self) -> str:
        if self.titles:
            return pick_name(self.titles)
        return str(self.get_kind_display())

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Liaison officers run the conference cycle and see every meeting; others see the meetings
        whose documents they can see."""
        from .documents import Document

        if officer.has_role("liaison"):
            return models.Q()
        return models.Q(
            pk__in=Document.objects.visible_to(officer).filter(meeting__isnull=False).values("meeting_id")
        )

    @property
    def place(self) -> str:
        return pick_name(self.places) if self.places else ""

    def series(self) -> models.QuerySet[Meeting]:
        """The numbered meetings of the same kind up to this one (e.g. the 12th, 13th and 14th)."""
        if self.number is None:
            return Meeting.objects.filter(pk=self.pk)
        return Meeting.objects.filter(kind=self.kind, number__isnull=False, number__lte=self.number).order_by(
            "number"
        )
