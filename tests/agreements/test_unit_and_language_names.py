"""Defect 10 of issue 10: unit names and language names where the pages showed internal codes."""

from __future__ import annotations

import re

import pytest

from liaison.agreements.models import Document

from ..pages import client_as as _client
from ..pages import load_demo_history
from ..pages import visible_text as _text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity, outbox):  # type: ignore[no-untyped-def]
    load_demo_history()
    return node_identity


# ---- defect 10: unit and language names, not codes ------------------------------------------------


@pytest.mark.parametrize("language", ["en", "vi"])
def test_undertakings_name_their_owner_units_and_languages(demo, language: str) -> None:  # type: ignore[no-untyped-def]
    document = Document.objects.filter(versions__undertakings__0__isnull=False).first() or next(
        d for d in Document.objects.all() if d.versions.last().undertakings
    )
    page = _client("vn.liaison", language).get(f"/agreements/documents/{document.uid}/")
    assert page.status_code == 200
    text = _text(page.content.decode())
    undertakings = text.split("Undertakings of this version" if language == "en" else "Mục cam kết")[-1]
    assert not re.search(r"\b(?:VN|LA)-[A-Z]{2,4}(?:-[A-Z]{2,4})?\b", undertakings), undertakings[:600]
    assert not re.search(r"\(\s*(?:VN|LA):", undertakings), undertakings[:600]
    owner = document.versions.order_by("number").last().undertakings[0]["owners"]
    from liaison.core.models import Unit

    some_unit = Unit.objects.get(code=next(iter(owner.values())))
    assert some_unit.name in undertakings
    # The working language and the text tabs by name.
    assert not re.search(r"\b(?:vi|lo|en)\s+(?:vi|lo|en)\b", text)
    names = {"en": ("Vietnamese", "Lao", "English"), "vi": ("Tiếng Việt", "Tiếng Lào", "Tiếng Anh")}[language]
    assert any(n in text for n in names), text[:1000]
