"""Issue 10, defect 4: evidence is checked by content; a Windows program renamed .pdf is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liaison.agreements import services
from liaison.agreements.models import StoredFile

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def commitment(draft, vn, la_node_key, outbox):  # type: ignore[no-untyped-def]
    from .conftest import la_signature

    version = draft.latest_version
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(la_signature(draft, version, la_node_key=la_node_key), from_party="LA")
    services.check_sign_version(draft, version.number, acting_user=vn["signatory"])
    return draft.commitments.get(key="c2")


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def test_the_progress_page_refuses_a_program_renamed_pdf_and_says_why(commitment, vn):  # type: ignore[no-untyped-def]
    page = _client(vn["owner"]).post(
        f"/agreements/commitments/{commitment.uid}/",
        {"status": "done", "note": "Report attached.", "evidence": SimpleUploadedFile("report.pdf", EXE)},
    )
    assert page.status_code == 200  # the form again, with the error
    html = page.content.decode()
    assert "report.pdf is refused" in html and "Windows program" in html
    assert not StoredFile.objects.filter(role=StoredFile.EVIDENCE).exists()
    commitment.refresh_from_db()
    assert commitment.status == "planned"


def test_the_progress_page_takes_a_real_pdf_and_stores_its_content_type(commitment, vn):  # type: ignore[no-untyped-def]
    page = _client(vn["owner"]).post(
        f"/agreements/commitments/{commitment.uid}/",
        {
            "status": "done",
            "evidence": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n1 0 obj", content_type="text/html"),
        },
    )
    assert page.status_code == 302
    stored = StoredFile.objects.get(role=StoredFile.EVIDENCE)
    assert stored.name == "report.pdf" and stored.content_type == "application/pdf"


def test_the_service_refuses_it_too(commitment, vn):  # type: ignore[no-untyped-def]
    """The API and any other caller go through the same check."""
    with pytest.raises(ValidationError):
        services.check_record_progress(
            commitment,
            status="done",
            evidence=[services.NewFile("report.pdf", EXE, "application/pdf")],
            acting_user=vn["owner"],
        )
