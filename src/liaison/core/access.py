"""Need-to-know: the one helper every query of the domain apps goes through.

An officer sees what their unit (or a unit below it) is party to, and what is distributed to it.
A model opts in by defining `visibility_q(officer) -> Q` and using `ScopedQuerySet`; views then
call `Model.objects.visible_to(officer)`, never `.all()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import _StrPromise as StrPromise

    from liaison.core.models import Officer

M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=Callable[..., Any])


def scope_unit_ids(officer: Officer) -> set[int]:
    """The units whose business this officer may see: their own and every unit below it."""
    cached: set[int] | None = getattr(officer, "_scope_unit_ids", None)
    if cached is None:
        cached = officer.unit.descendant_ids() if officer.unit_id and officer.unit else set()
        officer._scope_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def party_code(officer: Officer) -> str:
    return officer.unit.party.code if officer.unit else ""


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, officer: Any) -> Self:
        if officer is None or not getattr(officer, "is_authenticated", False):
            return self.none()
        return self.filter(self.model.visibility_q(officer))  # type: ignore[attr-defined]


def get_visible_or_404(queryset: ScopedQuerySet[M], officer: Officer, **lookup: Any) -> M:
    """Fetch one object through the officer's scope; an object outside it is 'not found'."""
    try:
        return queryset.visible_to(officer).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404(_("Not found, or not shared with your unit.")) from None


def refusal_text(exc: ValidationError | PermissionDenied) -> str:
    """What a page tells the officer when a service refused: the validation messages, or why the
    roles do not allow it."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Your roles do not allow this action.")


def require_role(officer: Officer | AnonymousUser, *roles: str, message: str | StrPromise = "") -> None:
    """The role check: an officer with none of `roles`, or no officer logged in, gets
    PermissionDenied. Called directly by a view that must first look its object up
    (need-to-know answers 404 before the roles answer 403); everywhere else through @role_required."""
    if not getattr(officer, "is_authenticated", False) or not officer.has_role(*roles):  # type: ignore[union-attr]
        raise PermissionDenied(message or _("Your roles do not allow this action."))


# The decorator's body runs once, when a views module is imported: mutmut, which picks the mutant
# on each call, could never reach a mutant of it (tests/trust/equivalent_mutants.md). What it adds
# to a view, require_role on each request, is mutated there.
def role_required(*roles: str, message: str | StrPromise = "") -> Callable[[F], F]:  # pragma: no mutate block
    """The one role check for pages and API endpoints alike: the view's first argument is the
    request; an officer with none of `roles` gets PermissionDenied (a 403 page, or a 403 JSON error
    through the API's handler). Put it under @login_required on pages."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            require_role(request.user, *roles, message=message)
            return view(request, *args, **kwargs)

        return cast(F, wrapped)

    return decorate
