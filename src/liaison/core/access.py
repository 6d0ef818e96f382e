"""Need-to-know: the one helper every query of the domain apps goes through.

An officer sees what their unit (or a unit below it) is party to, and what is distributed to it.
A model opts in by defining `visibility_q(officer) -> Q` and using `ScopedQuerySet`; views then
call `Model.objects.visible_to(officer)`, never `.all()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from liaison.core.models import Officer

M = TypeVar("M", bound=models.Model)


def scope_unit_ids(officer: Officer) -> set[int]:
    """The units whose business this officer may see: their own and every unit below it."""
    cached: set[int] | None = getattr(officer, "_scope_unit_ids", None)
    if cached is None:
        cached = officer.unit.descendant_ids() if officer.unit_id and officer.unit else set()
        officer._scope_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def party_code(officer: Officer) -> str:
    return officer.unit.party.code if officer.unit_id and officer.unit else ""


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, officer: Any) -> ScopedQuerySet[M]:
        if officer is None or not getattr(officer, "is_authenticated", False):
            return self.none()
        return self.filter(self.model.visibility_q(officer))  # type: ignore[attr-defined]


def get_visible_or_404(queryset: ScopedQuerySet[M], officer: Officer, **lookup: Any) -> M:
    """Fetch one object through the officer's scope; an object outside it is 'not found'."""
    try:
        return queryset.visible_to(officer).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404(_("Not found, or not shared with your unit.")) from None


def require_role(officer: Officer, *roles: str) -> None:
    if not officer.has_role(*roles):
        raise PermissionDenied(_("Your roles do not allow this action."))
