"""Issue 10, defect 3: an incomplete draft is not shared; the page lists what is missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liaison.agreements import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def incomplete(vn, parties):  # type: ignore[no-untyped-def]
    return services.check_create_document(
        reference="VN-LA-MIN-INCOMPLETE",
        kind="minutes",
        parties=[parties["VN"], parties["LA"]],
        signatories={},
        titles={"en": "Minutes"},
        working_language="en",
        texts={"en": "Article 1\nThe parties met."},
        undertakings=[{"key": "c1", "clause": "2.1", "texts": {"en": "Meet quarterly."}, "owners": {}}],
        acting_user=vn["liaison"],
    )


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def test_sharing_an_incomplete_draft_is_refused_with_the_list_of_what_is_missing(incomplete, vn, outbox):  # type: ignore[no-untyped-def]
    page = _client(vn["liaison"]).post(f"/agreements/documents/{incomplete.uid}/share/", follow=True)
    html = page.content.decode()
    assert "cannot be shared yet" in html
    missing = html.split('id="share-missing"', 1)[1].split("</ul>", 1)[0]
    items = [li.split(">", 1)[1].split("</li", 1)[0].strip() for li in missing.split("<li")[1:]]
    assert items == [
        "No signatory designated for Laos.",
        "No signatory designated for Vietnam.",
        "No text in Lao.",
        "No text in Vietnamese.",
        "Undertaking 1 (§ 2.1): no owner unit for Laos.",
        "Undertaking 1 (§ 2.1): no owner unit for Vietnam.",
        "Undertaking 1 (§ 2.1): no due date.",
    ]
    incomplete.refresh_from_db()
    assert incomplete.shared_at is None and not outbox.sent


def test_the_service_refuses_it_for_every_caller(incomplete, vn):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.check_share_document(incomplete, acting_user=vn["liaison"])
    assert "No text in Lao." in caught.value.messages


def test_a_complete_draft_shares(draft, vn, outbox):  # type: ignore[no-untyped-def]
    page = _client(vn["liaison"]).get(f"/agreements/documents/{draft.uid}/")
    assert 'id="share-missing"' not in page.content.decode()
    services.check_share_document(draft, acting_user=vn["liaison"])
    assert outbox.of_type("agreements.document.shared")
