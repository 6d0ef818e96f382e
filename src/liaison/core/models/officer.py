from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..names import name_sort_key
from .party import Unit

__all__ = ["Officer", "Role", "RoleCode"]


class RoleCode(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    DUTY_OFFICER = "duty_officer", _("Duty officer")
    LIAISON = "liaison", _("Liaison officer")
    ADMIN = "admin", _("Node administrator")


class Role(models.Model):
    """One of the fixed roles; rows exist so roles can be queried (e.g. the duty desk of a unit)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class Officer(AbstractUser):
    """A user of the node: belongs to one unit, holds roles, reads in one language.

    The name is one field, as the officer writes it (no first/last split: Vietnamese and Lao names
    put the given name at opposite ends); `name_sort_key` orders lists by the naming convention of
    the officer's party (see liaison.core.names)."""

    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, help_text=_("As the officer writes it")
    )
    name_sort_key = models.CharField(_("sort key of the name"), max_length=300, blank=True, editable=False)
    # Django's first/last name split does not fit these names: one full_name replaces both.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="officers", verbose_name=_("roles"))
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Empty: the browser's"))
    failed_logins = models.PositiveSmallIntegerField(_("failed log-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects: ClassVar[UserManager[Officer]] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name_sort_key", "username"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name.strip()

    def get_short_name(self) -> str:
        # Vietnamese and Lao officers are addressed by their full name: a first name alone greeted
        # "Trần" (a family name) on the administration pages.
        return self.get_full_name() or self.username

    def refresh_name_sort_key(self) -> list[str]:
        """Recompute the sort key from the name and the unit's party; the fields to save."""
        party_code = self.unit.party.code if self.unit_id is not None and self.unit is not None else None
        self.name_sort_key = name_sort_key(self.full_name, party_code)
        return ["name_sort_key"]

    def role_codes(self) -> set[str]:
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            cache = set(self.roles.values_list("code", flat=True))
            self._role_codes = cache
        return cache

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes() & set(codes))

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
