"""Issue 10, defect 5: dates that cannot be are refused, with a message naming what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liaison.agreements import services
from liaison.agreements.models import Document, Meeting

from .conftest import undertakings

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def test_a_meeting_that_ends_before_it_starts_is_refused(vn):  # type: ignore[no-untyped-def]
    page = _client(vn["liaison"]).post(
        "/agreements/meetings/new/",
        {
            "kind": "security_conference",
            "title": "16th conference",
            "starts_on": "2025-03-20",
            "ends_on": "2025-03-18",
            "parties": ["VN", "LA"],
        },
    )
    assert page.status_code == 200
    assert "The meeting cannot end before it starts" in page.content.decode()
    assert not Meeting.objects.exists()


def test_the_meeting_service_refuses_it_too(vn, parties):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.do_save_meeting(
            kind="other",
            starts_on=dt.date(2025, 3, 20),
            ends_on=dt.date(2025, 3, 18),
            parties=[parties["VN"], parties["LA"]],
            titles={"en": "x"},
            acting_user=vn["liaison"],
        )


def test_an_undertaking_due_before_the_meetings_date_is_refused_naming_the_row(vn, meeting, officials):  # type: ignore[no-untyped-def]
    page = _client(vn["liaison"]).post(
        "/agreements/documents/new/",
        {
            "reference": "VN-LA-MIN-16",
            "kind": "minutes",
            "meeting": str(meeting.uid),
            "parties": ["VN", "LA"],
            "title": "Minutes of the 16th conference",
            "working_language": "en",
            "text_en": "Article 1",
            "signatory_VN": officials["VN"].pk,
            "signatory_LA": officials["LA"].pk,
            "u0_text": "Exchange information monthly.",
            "u0_area": "other",
            "u0_owner_VN": "VN-ICD",
            "u0_owner_LA": "LA-ICD",
            "u0_due": "2025-12-31",
            "u1_clause": "2.2",
            "u1_text": "Hold quarterly meetings.",
            "u1_area": "other",
            "u1_owner_VN": "VN-QTR",
            "u1_owner_LA": "LA-SVK",
            "u1_due": "2024-12-31",
            **{f"u{i}_area": "other" for i in range(2, 6)},
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Undertaking 2 (§ 2.2) is due on" in html and "before the date of the document" in html
    assert not Document.objects.exists()


def test_a_new_version_with_a_due_date_before_the_document_is_refused(vn, meeting, parties):  # type: ignore[no-untyped-def]
    rows = undertakings()
    for row in rows:
        row["due_on"] = "2026-12-31"
    document = services.check_create_document(
        reference="VN-LA-MIN-16",
        kind="minutes",
        meeting=meeting,
        parties=[parties["VN"], parties["LA"]],
        signatories={},
        titles={"en": "Minutes"},
        working_language="en",
        texts={"en": "Article 1"},
        undertakings=rows,
        acting_user=vn["liaison"],
    )
    rows[0]["due_on"] = "2001-01-01"
    with pytest.raises(ValidationError, match="Undertaking 1"):
        services.check_new_version(
            document,
            titles={"en": "Minutes"},
            working_language="en",
            texts={"en": "changed"},
            undertakings=rows,
            acting_user=vn["liaison"],
        )
