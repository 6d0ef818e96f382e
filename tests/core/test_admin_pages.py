"""Defect 12 of issue 10: the administration is Liaison's, in the reader's language; the audit trail
opens newest first with readable event names and links to the records."""

from __future__ import annotations

import re

import pytest

from liaison.agreements.models import Document, Meeting

from ..pages import client_as as _client
from ..pages import load_demo_history
from ..pages import visible_text as _text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity):  # type: ignore[no-untyped-def]
    load_demo_history()
    return node_identity


# ---- defect 12: administration --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Liaison administration"), ("vi", "Quản trị Liaison")]
)
def test_administration_is_liaisons_in_the_readers_language(demo, language: str, title: str) -> None:  # type: ignore[no-untyped-def]
    admin = _client("vn.admin", language)
    index = admin.get("/admin/").content.decode()
    assert "Django" not in _text(index)
    assert title in index
    assert "Task Results" not in index
    assert "Trần Đức Long" in _text(index)  # greeted by the full name, not the family name alone
    changelist = admin.get("/admin/core/officer/").content.decode()
    assert "Show counts" not in changelist


def test_audit_trail_opens_newest_first_with_names_and_links(demo) -> None:  # type: ignore[no-untyped-def]
    from liaison.core.models import AuditEvent

    document = Document.objects.first()
    meeting = Meeting.objects.first()
    assert document is not None and meeting is not None
    page = _client("vn.admin").get("/admin/core/auditevent/")
    body = page.content.decode()
    ids = [int(i) for i in re.findall(r'<th class="field-id"><a href="/admin/core/auditevent/(\d+)/', body)]
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0]
    assert ids and ids[0] == newest and ids == sorted(ids, reverse=True)
    text = _text(body)
    assert "agreements.document.created" not in text and "auth.login" not in text
    assert "agreements.document " not in text
    linked = AuditEvent.objects.filter(target_type="agreements.document").order_by("-id").first()
    if linked is not None and any(i == linked.pk for i in ids):
        target = Document.objects.get(pk=linked.target_id)
        assert f'href="/agreements/documents/{target.uid}/"' in body
