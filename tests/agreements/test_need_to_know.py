"""Need-to-know: officers of units not party to a commitment see neither it nor its evidence."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.agreements import services
from liaison.agreements.models import Commitment, StoredFile

from .conftest import la_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(draft, vn, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(
        la_signature(draft, draft.versions.get(), la_node_key=la_node_key), from_party="LA"
    )
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    commitment = Commitment.objects.get(document=draft, key="c2")  # owners: VN-QTR and LA-SVK
    services.check_record_progress(
        commitment,
        status="done",
        note="Report attached.",
        evidence=[services.NewFile("patrol.txt", b"secret patrol report", "text/plain")],
        acting_user=vn["owner"],
    )
    return StoredFile.objects.get(role=StoredFile.EVIDENCE)


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


@pytest.mark.parametrize(("who", "visible"), [("owner", True), ("liaison", True), ("outsider", False)])
def test_evidence_through_pages_and_api(vn, evidence, who, visible):  # type: ignore[no-untyped-def]
    client = _client(vn[who])
    commitment = evidence.update.commitment
    page = client.get(f"/agreements/files/{evidence.uid}/")
    api = client.get(f"/api/agreements/files/{evidence.uid}")
    detail = client.get(f"/agreements/commitments/{commitment.uid}/")
    api_detail = client.get(f"/api/agreements/commitments/{commitment.uid}")
    listing = client.get("/api/agreements/commitments").json()
    if visible:
        assert page.status_code == 200 and b"".join(page.streaming_content) == b"secret patrol report"
        assert api.status_code == 200
        assert detail.status_code == 200 and "patrol.txt" in detail.content.decode()
        assert api_detail.json()["updates"][0]["evidence"][0]["name"] == "patrol.txt"
        assert str(commitment.uid) in {c["uid"] for c in listing}
    else:
        assert page.status_code == 404 and api.status_code == 404
        assert detail.status_code == 404 and api_detail.status_code == 404
        assert str(commitment.uid) not in {c["uid"] for c in listing}
        review = client.get("/agreements/review/?year=2023").content.decode()
        assert "patrol.txt" not in review


def test_reading_evidence_is_audited(vn, evidence):  # type: ignore[no-untyped-def]
    from liaison.core.models import AuditEvent

    _client(vn["owner"]).get(f"/agreements/files/{evidence.uid}/")
    assert AuditEvent.objects.filter(event_type="evidence.read", target_id=str(evidence.pk)).count() == 1


def test_outsider_cannot_record_progress(vn, evidence):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    commitment = evidence.update.commitment
    with pytest.raises(PermissionDenied):
        services.check_record_progress(commitment, status="dropped", note="x", acting_user=vn["outsider"])
    other = Commitment.objects.get(document=commitment.document, key="c1")
    response = _client(vn["owner"]).post(
        f"/api/agreements/commitments/{other.uid}/updates", {"status": "done", "note": "not mine"}
    )
    assert response.status_code == 404  # c1 belongs to VN-ICD: not even visible to Quang Tri
