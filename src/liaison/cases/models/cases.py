"""A joint case, its timeline, and the entities (persons, vehicles, documents...) linked to it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.codelists import code_check, code_field
from liaison.core.codelists import label as code_label
from liaison.core.models import Party, Unit

from ..choices import CaseStatus, EntityKind, Script, TimelineKind

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["Case", "CaseEvent", "Entity", "EntityName", "PersonIndexChunk"]


class Case(models.Model):
    """A joint case between parties: the units working it, its offence category, status and timeline.

    The case header is shared with the other parties' nodes (same uid everywhere); its entities are
    not: each node keeps the persons it holds, and the peer learns of them only by a hit/no-hit
    query followed by an assistance request."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    offence = code_field("offence", verbose_name=_("offence category"))
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    parties = models.ManyToManyField(Party, related_name="cases", verbose_name=_("parties"))
    units = models.ManyToManyField(Unit, related_name="cases", verbose_name=_("units"))
    origin_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("opening party")
    )
    opened_on = models.DateField(_("opened on"))
    summary = models.TextField(_("summary"), blank=True)
    summary_language = models.CharField(_("language"), max_length=8, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [code_check("offence", "offence")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def offence_label(self) -> str:
        return code_label("offence", self.offence)

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Need-to-know: the officers of a unit working the case, or of a unit above one."""
        worked = cls.units.through.objects.filter(unit_id__in=scope_unit_ids(officer))
        return models.Q(pk__in=models.Subquery(worked.values("case_id")))

    def party_codes(self) -> list[str]:
        return sorted(p.code for p in self.parties.all())


class CaseEvent(models.Model):
    """One line of a case's timeline on this node (opened, entity added, request, query, note)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind"), max_length=12, choices=TimelineKind.choices)
    party = models.CharField(_("party"), max_length=2, blank=True)
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d}"


class Entity(models.Model):
    """A person, vehicle, travel document, phone or organisation held by THIS node and linked to cases.

    Never sent to another node as such. A person is filed in the person index (`PersonIndexChunk`)
    when it is added."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    label = models.CharField(_("label"), max_length=200, help_text=_("Name, number or plate as written"))
    cases = models.ManyToManyField(Case, related_name="entities", verbose_name=_("cases"))
    birth_date = models.CharField(
        _("date of birth"), max_length=10, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    sex = models.CharField(_("sex"), max_length=1, blank=True, choices=[("M", _("Male")), ("F", _("Female"))])
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    documents = models.JSONField(_("document numbers"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demonstration: not a real person")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self) -> str:
        return self.label

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        return models.Q(cases__in=Case.objects.visible_to(officer))

    def name_list(self) -> list[str]:
        return [n.name for n in self.names.all()]


class EntityName(models.Model):
    """One name of a person as written in one script; the first is the one shown."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="names", verbose_name=_("entity")
    )
    name = models.CharField(_("name"), max_length=200)
    script = models.CharField(_("script"), max_length=10, choices=Script.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["entity", "position", "pk"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")

    def __str__(self) -> str:
        return self.name


class PersonIndexChunk(models.Model):
    """The person index: the persons (Entity pks) filed under one name key, as int32 numbers, in
    chunks (`liaison.matching.index.chunk_rows`). Chunk 0 is the key's head, whose `held` is how
    many persons the key holds; under the empty key, the head counts all the persons filed.

    Derived from the persons by `person_index`, in the transaction that adds each; never shown,
    never sent."""

    key = models.TextField()
    chunk = models.BigIntegerField()
    held = models.IntegerField()
    persons = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "chunk"], name="cases_person_index_key_chunk")]

    def __str__(self) -> str:
        return f"{self.key} #{self.chunk}"
