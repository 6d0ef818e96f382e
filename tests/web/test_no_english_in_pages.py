"""Defect 9 of issue 10: a page in Vietnamese, Lao or French holds no English phrase of the catalogue
and none of the garbles found (English time spans, sizes and months, a doubled "Ngày")."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from liaison.agreements.models import Commitment, Document, Meeting

from ..pages import client_as as _client
from ..pages import load_demo_history
from ..pages import visible_text as _text
from .test_catalogues import PACKAGE, parse_po

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity):  # type: ignore[no-untyped-def]
    load_demo_history()
    return node_identity


# ---- defect 9: no English inside a page in another language ----------------------------------------


def _english_phrases(language: str) -> dict[str, str]:
    """English msgids of more than three words whose translation differs (so English means untranslated)."""
    entries = parse_po(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po")
    phrases = {}
    for msgid, (msgstr, _fuzzy) in entries.items():
        if "%" in msgid or "{" in msgid or "<" in msgid or msgstr == msgid:
            continue
        if len(msgid.split()) > 3:
            phrases[msgid] = msgstr
    return phrases


def _main_pages() -> list[tuple[str, str]]:
    document = Document.objects.order_by("-created_at").first()
    meeting = Meeting.objects.order_by("-starts_on").first()
    commitment = (
        Commitment.objects.filter(updates__evidence__isnull=False).first() or Commitment.objects.first()
    )
    assert document and meeting and commitment
    liaison = [
        "/",
        "/agreements/",
        f"/agreements/meetings/{meeting.uid}/",
        f"/agreements/documents/{document.uid}/",
        f"/agreements/documents/{document.uid}/verify/",
        "/agreements/commitments/",
        f"/agreements/commitments/{commitment.uid}/",
        "/agreements/review/?year=2023",
        "/agreements/meetings/new/",
        "/agreements/documents/new/",
        "/directory/units/",
        "/directory/twinnings/",
    ]
    return [("vn.liaison", p) for p in liaison] + [
        ("vn.admin", "/federation/peers/"),
        ("vn.admin", "/admin/"),
        ("vn.duty", "/"),
    ]


@pytest.mark.parametrize("language", ["vi", "lo", "fr"])
def test_no_english_phrase_inside_a_page_in_another_language(demo, language: str) -> None:  # type: ignore[no-untyped-def]
    phrases = _english_phrases(language)
    assert len(phrases) > 100
    found = []
    clients: dict[str, Client] = {}
    for username, path in _main_pages():
        client = clients.setdefault(username, _client(username, language))
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert response.headers.get("Content-Language") == language, path
        text = _text(response.content.decode(), language)
        found += [f"{path}: {msgid!r}" for msgid in phrases if msgid in text]
        for m in _GARBLED[language].finditer(text):
            found.append(f"{path}: {m.group(0)!r} in …{text[max(0, m.start() - 60) : m.end() + 20]}…")
    assert not found, "\n".join(found)


# Known garbles of issue 10 (English units and months, a doubled word) that are not catalogue entries.
_GARBLED = {
    "vi": re.compile(
        r"\b\d+ (?:minutes?|hours?|days?|weeks?|months?|years?|bytes|KB|MB)\b|Ngày Ngày|node key checked"
        r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    ),
    "lo": re.compile(
        r"\b\d+ (?:minutes?|hours?|days?|weeks?|months?|years?|bytes|KB|MB)\b|node key checked"
        r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    ),
    # French "46 minutes" is French.
    "fr": re.compile(r"\b\d+ (?:hours?|days?|weeks?|months?|years?|bytes)\b|node key checked"),
}
