"""The scope every list and object view reads through (`visible_to`, `get_visible_or_404`): an
object outside the officer's scope is "not found" exactly like one that does not exist
(need-to-know: no hint that it does). The 404's message itself is shown nowhere (404.html has its
own text; see equivalent_mutants.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.agreements.models import Document
from liaison.core.access import get_visible_or_404, require_role

pytestmark = pytest.mark.django_db


def test_an_object_outside_the_scope_is_not_found_like_a_missing_one(vn, draft) -> None:  # type: ignore[no-untyped-def]
    assert get_visible_or_404(Document.objects.all(), vn["liaison"], uid=draft.uid) == draft
    for lookup in ({"uid": draft.uid}, {"reference": "no such document"}):
        with pytest.raises(Http404):
            get_visible_or_404(Document.objects.all(), vn["outsider"], **lookup)


def test_an_officer_without_a_unit_is_scoped_to_nothing(draft) -> None:  # type: ignore[no-untyped-def]
    """A node administrator made with `createsuperuser` has no unit: no unit's business is theirs,
    so every scoped list is empty and every scoped object 'not found' (not a server error)."""
    from liaison.core.access import scope_unit_ids
    from liaison.core.models import Officer

    root = Officer.objects.create_superuser("root", "root@example.org", "correct-horse-battery")
    assert scope_unit_ids(root) == set()
    assert not Document.objects.visible_to(root).exists()
    with pytest.raises(Http404):
        get_visible_or_404(Document.objects.all(), root, uid=draft.uid)


def test_liaison_officers_see_every_meeting_others_only_those_of_documents_they_see(vn, meeting) -> None:  # type: ignore[no-untyped-def]
    """A meeting planned before any document exists is the liaison officers' business (they run the
    conference cycle); an officer outside the liaison role does not see it until a document of it
    is shared with their unit."""
    from liaison.agreements.models import Meeting

    assert list(Meeting.objects.visible_to(vn["liaison"])) == [meeting]
    assert get_visible_or_404(Meeting.objects.all(), vn["liaison"], uid=meeting.uid) == meeting
    assert not Meeting.objects.visible_to(vn["owner"]).exists()


def test_no_one_logged_in_sees_nothing(draft) -> None:  # type: ignore[no-untyped-def]
    """Before any role or unit is looked at: no officer (None) or an anonymous visitor gets an empty
    list, and every object 'not found'."""
    from django.contrib.auth.models import AnonymousUser

    for nobody in (None, AnonymousUser()):
        assert not Document.objects.visible_to(nobody).exists()
        with pytest.raises(Http404):
            get_visible_or_404(Document.objects.all(), nobody, uid=draft.uid)  # type: ignore[arg-type]


@pytest.mark.parametrize("nobody", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_the_role_check_refuses_nobody_with_the_reason_not_a_server_error(nobody) -> None:  # type: ignore[no-untyped-def]
    """A service called without a signed-in officer (no session, or an anonymous visitor) is refused
    with the roles' reason, as a 403, never as an AttributeError (a 500)."""
    with pytest.raises(PermissionDenied) as refused:
        require_role(nobody, "admin")
    assert str(refused.value) == "Your roles do not allow this action."
