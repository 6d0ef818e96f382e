"""Defect 8 of issue 10: actions shown only to those who may take them; 403, 404 and 500 pages in the
site's layout and the reader's language; the README's tour agrees with need-to-know."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from liaison.agreements.models import Commitment

from ..pages import client_as as _client
from ..pages import load_demo_history
from .test_catalogues import PACKAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity):  # type: ignore[no-untyped-def]
    load_demo_history()
    return node_identity


# ---- defect 8: error pages ------------------------------------------------------------------------


def test_server_error_page_renders_without_a_request_context_in_the_readers_language(demo) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation
    from django.views.defaults import server_error

    request = RequestFactory().get("/agreements/")
    with translation.override("vi"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert 'class="topbar"' in body and 'lang="vi"' in body
    assert "Lỗi máy chủ" in body, body[:800]


@pytest.mark.parametrize(
    ("username", "path", "status", "heading"),
    [
        ("vn.viewer", "/agreements/documents/new/", 403, "Không được phép"),
        ("vn.outsider", "/agreements/documents/00000000-0000-4000-8000-000000000000/", 404, "Không tìm thấy"),
    ],
)
def test_403_and_404_use_the_layout_and_language(demo, username, path, status, heading) -> None:  # type: ignore[no-untyped-def]
    response = _client(username, "vi").get(path)
    body = response.content.decode()
    assert response.status_code == status
    assert 'class="topbar"' in body and 'lang="vi"' in body
    assert f"<h1>{heading}</h1>" in body, body[:800]


def test_readme_says_what_the_outsider_sees(demo) -> None:  # type: ignore[no-untyped-def]
    """The README's tour and the need-to-know rule agree: an outsider's unit owns nothing, so the
    commitments list is empty (not "other units' commitments without evidence")."""
    from liaison.core.models import Officer

    outsider = Officer.objects.get(username="vn.outsider")
    assert not Commitment.objects.visible_to(outsider).exists()
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "vn.outsider" in line)
    assert "without evidence" not in row
    assert "empty" in row


def test_a_viewer_is_offered_no_drafting(demo) -> None:  # type: ignore[no-untyped-def]
    page = _client("vn.viewer").get("/agreements/").content.decode()
    assert "/agreements/documents/new/" not in page and "/agreements/meetings/new/" not in page
    page = _client("vn.liaison").get("/agreements/").content.decode()
    assert "/agreements/documents/new/" in page and "/agreements/meetings/new/" in page
