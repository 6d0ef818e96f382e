from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liaison.core.codelists import code_check, code_field

__all__ = ["Official", "Party", "Twinning", "Unit", "UnitKind"]


def pick_name(names: dict[str, str], language: str | None = None) -> str:
    """The name in the reader's language, else English, else whatever the record has."""
    lang = (language or get_language() or "en")[:2]
    return names.get(lang) or names.get("en") or next(iter(names.values()), "")


class Party(models.Model):
    """A country's ministry taking part in the cooperation (VN, LA, KH, ...)."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166 alpha-2, e.g. VN"))
    names = models.JSONField(_("names"), default=dict, help_text=_("Name by language code"))
    language = models.CharField(_("working language"), max_length=8)

    class Meta:
        ordering = ["code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_name(self.names)


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    SPECIALISED_UNIT = "specialised_unit", _("Specialised unit")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial public security")
    BORDER_GUARD = "border_guard", _("Border guard")
    BORDER_POST = "border_post", _("Border post")


class Unit(models.Model):
    """An organisational unit of one party; units form a tree per party."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="units", verbose_name=_("party"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    names = models.JSONField(_("names"), default=dict)
    offence_focus = code_field(
        "offence",
        null=True,
        blank=True,
        verbose_name=_("offence focus"),
        help_text=_("For specialised units: the offence category they work on"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["party__code", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [code_check("offence_focus", "offence", nullable=True)]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_name(self.names)

    def descendant_ids(self) -> set[int]:
        """This unit and every unit below it (one query per level; trees are shallow)."""
        found = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            found.update(frontier)
        return found

    def ancestors(self) -> list[Unit]:
        chain: list[Unit] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Twinning(models.Model):
    """A pair of units of two parties that cooperate directly (e.g. facing border provinces)."""

    unit_a = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    unit_b = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("counterpart")
    )
    kind = models.CharField(_("kind"), max_length=30, default="border_provinces")
    notes = models.JSONField(_("notes"), default=dict, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["unit_a__code", "unit_b__code"]
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        constraints = [
            models.UniqueConstraint(fields=["unit_a", "unit_b"], name="core_twinning_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(unit_a=models.F("unit_b")), name="core_twinning_distinct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_a} ↔ {self.unit_b}"

    @property
    def note(self) -> str:
        return pick_name(self.notes) if self.notes else ""


class Official(models.Model):
    """A named official (co-chair, signatory) with the spellings under which they appear."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="officials", verbose_name=_("party")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("As the party writes it"))
    variants = models.JSONField(_("name variants"), default=list, blank=True)
    titles = models.JSONField(_("titles"), default=dict, blank=True)
    ranks = models.JSONField(_("ranks"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["party__code", "name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return pick_name(self.titles) if self.titles else ""

    @property
    def rank(self) -> str:
        return pick_name(self.ranks) if self.ranks else ""
