from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    """A user of the node: belongs to one unit, holds roles, reads in one language."""

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
        ordering = ["username"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_short_name(self) -> str:
        # Vietnamese and Lao officers are addressed by their full name: Django's first_name alone
        # greeted "Trần" (a family name) on the administration pages.
        return self.get_full_name() or self.username

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
