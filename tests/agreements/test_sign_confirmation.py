"""Issue 10, defect 7: signing is confirmed knowing what is signed; revising a signed document warns,
and until the revision is signed the lists show the signed version, not "shared draft"."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.agreements import services

from .conftest import la_signature, undertakings

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


@pytest.fixture
def shared(draft, vn, outbox):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    return draft


def test_signing_asks_for_confirmation_naming_reference_version_and_hash(shared, vn):  # type: ignore[no-untyped-def]
    client = _client(vn["signatory"])
    version = shared.latest_version
    # The sign button opens a confirmation: it does not sign.
    page = client.get(f"/agreements/documents/{shared.uid}/sign/", {"version": 1})
    assert page.status_code == 200
    html = page.content.decode()
    assert shared.reference in html and "Version 1" in html and version.content_sha256 in html
    assert not version.signatures.exists()
    # Submitting without ticking the confirmation signs nothing.
    client.post(
        f"/agreements/documents/{shared.uid}/sign/", {"version": 1, "content_sha256": version.content_sha256}
    )
    assert not version.signatures.exists()
    # Confirmed, it signs.
    done = client.post(
        f"/agreements/documents/{shared.uid}/sign/",
        {"version": 1, "content_sha256": version.content_sha256, "confirm": "on"},
        follow=True,
    )
    assert "You signed version 1" in done.content.decode()
    assert version.signatures.filter(party__code="VN").exists()


def test_a_confirmation_for_a_text_that_changed_meanwhile_signs_nothing(shared, vn):  # type: ignore[no-untyped-def]
    client = _client(vn["signatory"])
    client.post(
        f"/agreements/documents/{shared.uid}/sign/",
        {"version": 1, "content_sha256": "0" * 64, "confirm": "on"},
    )
    assert not shared.latest_version.signatures.exists()


def test_revising_a_signed_document_warns_and_lists_keep_the_signed_version(shared, vn, la_node_key):  # type: ignore[no-untyped-def]
    v1 = shared.latest_version
    services.receive_signature(la_signature(shared, v1, la_node_key=la_node_key), from_party="LA")
    services.check_sign_version(shared, 1, acting_user=vn["signatory"])
    client = _client(vn["liaison"])
    edit = client.get(f"/agreements/documents/{shared.uid}/edit/").content.decode()
    assert "signed by every party" in edit and "sign it again" in edit
    services.check_new_version(
        shared,
        titles={"en": "Minutes of the 15th conference"},
        working_language="en",
        texts={**v1.texts, "en": "Article 1\nThe parties met.\nArticle 2\nThey agreed, amended."},
        undertakings=undertakings(),
        acting_user=vn["liaison"],
    )
    index = client.get("/agreements/").content.decode()
    row = index.split(shared.reference, 1)[1].split("</tr>", 1)[0]
    assert "Shared draft" not in row
    assert "Signed by LA · VN" in row and "version 2 awaits signatures" in row
