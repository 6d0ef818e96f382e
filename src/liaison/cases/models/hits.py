"""Hit/no-hit queries: the one asked from this node, and the one received from a peer."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.codelists import code_check, code_field
from liaison.core.codelists import label as code_label
from liaison.core.models import Party, Unit

from ..choices import HitResult
from .cases import Case, Entity

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["HitQuery", "ReceivedHitQuery"]


class HitQuery(models.Model):
    """A query an officer of this node put to a peer: "do you hold this person?", with its purpose.

    The answer is `result` and, for a hit, the peer's opaque `reference`: nothing of the peer's record."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    to_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party asked")
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hit_queries",
        verbose_name=_("case"),
    )
    offence = code_field("offence", verbose_name=_("purpose (offence category)"))
    names = models.JSONField(_("names"), default=list)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    documents = models.JSONField(_("document numbers"), default=list, blank=True)
    asked_at = models.DateTimeField(_("asked"), db_index=True)
    result = models.CharField(
        _("result"), max_length=10, choices=HitResult.choices, default=HitResult.PENDING
    )
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("hit/no-hit query")
        verbose_name_plural = _("hit/no-hit queries")
        constraints = [code_check("offence", "offence")]
        indexes = [models.Index(fields=["officer", "asked_at"], name="cases_hitquery_officer_time")]

    def __str__(self) -> str:
        return f"{self.uid} {self.result}"

    @property
    def offence_label(self) -> str:
        return code_label("offence", self.offence)

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """The asking officer, and the officers of their unit or a unit above it."""
        return models.Q(officer_id=officer.pk) | models.Q(unit_id__in=scope_unit_ids(officer))


class ReceivedHitQuery(models.Model):
    """A query a peer put to this node, as answered. For a hit, `reference` is a random token mapped
    here to the record (`entity`): the asker gets the token, never the record or its id."""

    query_uid = models.UUIDField(_("query"), unique=True)
    from_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    asked_by = models.CharField(_("asked by"), max_length=150)
    asked_unit = models.CharField(_("unit"), max_length=40, blank=True)
    offence = code_field("offence", verbose_name=_("purpose (offence category)"))
    case_reference = models.CharField(_("case reference"), max_length=60, blank=True)
    names = models.JSONField(_("names asked"), default=list)
    received_at = models.DateTimeField(_("received"), db_index=True)
    result = models.CharField(_("result"), max_length=10, choices=HitResult.choices)
    reference = models.CharField(_("reference"), max_length=40, blank=True, db_index=True)
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("record")
    )
    score = models.FloatField(_("score"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("received hit/no-hit query")
        verbose_name_plural = _("received hit/no-hit queries")
        constraints = [code_check("offence", "offence")]

    def __str__(self) -> str:
        return f"{self.query_uid} {self.result}"

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Node administrators only: they oversee what peers ask."""
        return models.Q() if officer.has_role("admin") else models.Q(pk__in=[])
