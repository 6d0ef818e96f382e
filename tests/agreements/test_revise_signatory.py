"""Issue 10, defect 1: a revision can change a signatory; earlier signatures stay with their version."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.agreements import services
from liaison.agreements.models import Document

from .conftest import la_signature
from .test_federation_handlers import _deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_la(parties):  # type: ignore[no-untyped-def]
    from liaison.core import services as core

    return core.do_save_official(
        "vilay_lakhamfong",
        party=parties["LA"],
        name="Vilay Lakhamfong",
        variants=[],
        titles={},
        ranks={},
        acting_user=None,
    )


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def _revise(client: Client, document: Document, **changes: str):  # type: ignore[no-untyped-def]
    """Open "Change (new version)" and submit the form as it comes, with `changes`."""
    form = client.get(f"/agreements/documents/{document.uid}/edit/").context["form"]
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data.update(changes)
    return client.post(f"/agreements/documents/{document.uid}/edit/", data)


def test_a_revision_with_another_la_signatory_changes_the_signature_table(draft, vn, other_la, outbox):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    client = _client(vn["liaison"])
    response = _revise(client, draft, signatory_LA=str(other_la.pk), change_note="LA signatory corrected")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft.signatories.get(party__code="LA").official == other_la
    page = client.get(f"/agreements/documents/{draft.uid}/").content.decode()
    row = page.split('data-party="LA"', 1)[1].split("</tr>", 1)[0]
    assert "Vilay Lakhamfong" in row and "Kongthong" not in row
    # the peer hears of it with the new version
    sent = outbox.of_type("agreements.document.shared")[-1]
    assert sent["version"]["number"] == 2
    assert {s["party"]: s["official"]["key"] for s in sent["document"]["signatories"]}[
        "LA"
    ] == "vilay_lakhamfong"


def test_earlier_signatures_stay_with_their_version(draft, vn, other_la, outbox, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    v1 = draft.latest_version
    services.receive_signature(la_signature(draft, v1, la_node_key=la_node_key), from_party="LA")
    _revise(_client(vn["liaison"]), draft, signatory_LA=str(other_la.pk), text_en="Article 1\nRevised.")
    v1.refresh_from_db()
    assert v1.signature_for("LA").official.key == "kongthong_phongvichit"
    assert draft.versions.get(number=2).signatures.count() == 0
    assert services.verify_document(draft).ok


def test_the_peer_applies_the_new_signatory_with_the_version(draft, vn, other_la, outbox, monkeypatch):  # type: ignore[no-untyped-def]
    from liaison.agreements.services import common

    services.check_share_document(draft, acting_user=vn["liaison"])
    _revise(
        _client(vn["liaison"]), draft, signatory_LA=str(other_la.pk), change_note="LA signatory corrected"
    )
    first, second = outbox.of_type("agreements.document.shared")
    Document.objects.filter(pk=draft.pk).delete()
    monkeypatch.setattr(common, "local_party", lambda: "LA")
    _deliver("agreements.document.shared", first, "VN")
    copy = Document.objects.get(reference=draft.reference)
    assert copy.signatories.get(party__code="LA").official.key == "kongthong_phongvichit"
    _deliver("agreements.document.shared", second, "VN")
    assert copy.signatories.get(party__code="LA").official.key == "vilay_lakhamfong"
