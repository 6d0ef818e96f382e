"""The demo history through the pages, the API and the review PDF."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from liaison.agreements.models import Commitment, Document, Meeting
from liaison.demo.agreements_data import COMMITMENTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity, outbox):  # type: ignore[no-untyped-def]
    from liaison.demo.core import load_demo

    load_demo()
    load_demo()  # idempotent
    return node_identity


def _client(username: str) -> Client:
    from liaison.core.models import Officer

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Officer.objects.get(username=username))
    return client


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "-", text)).strip()


def test_demo_history_is_loaded_through_the_services(demo, outbox):  # type: ignore[no-untyped-def]
    assert Meeting.objects.filter(kind="security_conference").count() == 3
    assert Commitment.objects.count() == len(COMMITMENTS)
    assert {c.status for c in Commitment.objects.all()} == {"planned", "in_progress", "done", "dropped"}
    assert Commitment.objects.filter(carried_forward_from__isnull=False).count() == sum(
        1 for c in COMMITMENTS if c["carried_from"]
    )
    assert not outbox.sent  # shared history: each node loads its own copy, nothing is sent
    assert Meeting.objects.get(number=14).co_chairs.count() == 2


def test_review_pdf_of_the_2023_plan_year_holds_every_commitment(demo, artifacts_dir):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    response = _client("vn.liaison").get("/agreements/review.pdf?year=2023")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (artifacts_dir / "agreements-review-2023.pdf").write_bytes(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    text = _flat(" ".join(page.extract_text() or "" for page in reader.pages))
    expected = Commitment.objects.filter(document__plan_year=2023)
    assert expected.count() >= 10
    for commitment in expected:
        assert _flat(commitment.texts["en"])[:60] in text, commitment.key
    assert "Progress by area" in text  # the chart's text is text in the PDF
    for number in ("12", "13", "14"):
        assert Meeting.objects.get(number=number).title in text or f"{number}th" in text


def test_review_page_shows_the_series_and_carried_forward(demo):  # type: ignore[no-untyped-def]
    meeting = Meeting.objects.get(number=14)
    html = _client("vn.liaison").get(f"/agreements/review/?meeting={meeting.uid}").content.decode()
    assert "<svg" in html
    for number in (12, 13, 14):
        assert Meeting.objects.get(number=number).title in html
    assert "carried forward from" in html


@pytest.mark.parametrize("language", ["en", "vi", "lo", "fr"])
def test_pages_render_in_each_language(demo, language):  # type: ignore[no-untyped-def]
    from django.utils.translation import gettext, override

    from liaison.core.models import Officer

    # The officer's saved language wins over the browser's cookie: set that one, else every run
    # renders the demo officer's own language.
    Officer.objects.filter(username="vn.liaison").update(language=language)
    client = _client("vn.liaison")
    with override(language):
        log_out, dashboard = gettext("Log out"), gettext("Dashboard")
    if language != "en":
        assert (log_out, dashboard) != ("Log out", "Dashboard"), "catalogue not compiled: run make messages"
    document = Document.objects.get(reference="MINUTES-14")
    commitment = Commitment.objects.filter(document=document).first()
    assert commitment is not None
    for url in (
        "/agreements/",
        f"/agreements/meetings/{document.meeting.uid}/",  # type: ignore[union-attr]
        f"/agreements/documents/{document.uid}/",
        f"/agreements/documents/{document.uid}/verify/",
        "/agreements/commitments/?status=in_progress&party=LA",
        "/agreements/commitments/?due=overdue",
        f"/agreements/commitments/{commitment.uid}/",
        "/agreements/documents/new/",
        "/agreements/meetings/new/",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        assert response.headers["Content-Language"] == language, url
        assert log_out in html and dashboard in html, url


def test_filters_and_api(demo):  # type: ignore[no-untyped-def]
    client = _client("vn.liaison")
    done = client.get("/api/agreements/commitments?status=done").json()
    assert done and all(c["status"] == "done" for c in done)
    by_owner = client.get("/api/agreements/commitments?owner=LA-PS-SVK").json()
    assert by_owner and all(c["owners"]["LA"] == "LA-PS-SVK" for c in by_owner)
    area = client.get("/api/agreements/commitments?area=counter_terrorism&year=2023").json()
    assert area and all(c["area"] == "counter_terrorism" for c in area)
    assert client.get("/api/agreements/meetings").status_code == 200
    documents = client.get("/api/agreements/documents?year=2023").json()
    assert {d["reference"] for d in documents} >= {"PLAN-2023", "MINUTES-13"}
    review = client.get("/api/agreements/review?year=2023").json()
    assert review["series"] and review["totals"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/agreements/commitments" in schema["paths"]
    overdue = client.get("/agreements/commitments/?due=overdue").content.decode()
    assert "overdue-row" in overdue


def test_dashboard_highlights_overdue_commitments_of_the_officers_unit(demo):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from liaison.agreements.panels import dashboard_panels
    from liaison.core.models import Officer

    officer = Officer.objects.get(username="vn.duty")  # Quang Tri
    panels = dashboard_panels(officer)
    owned = panels[0].context["commitments"]
    assert all(any(u.code == "VN-PS-QTR" for u in c.owner_units.all()) for c in owned)
    expected = Commitment.objects.filter(
        owner_units__code="VN-PS-QTR", status__in=["planned", "in_progress"], due_on__lt=timezone.localdate()
    ).count()
    assert panels[0].context["overdue_count"] == expected
    from django.utils.translation import gettext, override

    html = _client("vn.duty").get("/").content.decode()
    with override(officer.language):  # the demo duty officer reads Vietnamese
        title = gettext("Commitments of your units")
    assert title != "Commitments of your units" and title in html
    signatory_panels = dashboard_panels(Officer.objects.get(username="vn.signatory"))
    assert any(p.template.endswith("to_sign.html") for p in signatory_panels)


def test_api_refuses_nul_characters_on_every_database(demo):  # type: ignore[no-untyped-def]
    """PostgreSQL cannot store U+0000: the API refuses it (422) instead of failing with a 500."""
    from liaison.agreements.models import Document

    before = Document.objects.count()
    response = _client("vn.liaison").post(
        "/api/agreements/documents",
        {
            "reference": "NUL-1",
            "kind": "minutes",
            "parties": ["VN", "LA"],
            "title": "Bad\u0000title",
            "working_language": "en",
            "texts": {"en": "Text"},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "NUL" in response.content.decode()
    assert Document.objects.count() == before
