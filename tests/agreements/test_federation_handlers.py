"""Envelopes between nodes: what VN sends, applied on a node playing LA (VN's copy removed first)."""

from __future__ import annotations

import pytest

from liaison.agreements import envelopes, services
from liaison.agreements.models import Commitment, Document, ProgressUpdate, StoredFile
from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation.public import IncomingEnvelope

from .conftest import la_signature

pytestmark = pytest.mark.django_db


def _deliver(envelope_type: str, payload: dict, from_party: str) -> None:  # type: ignore[type-arg]
    """What the inbox does once an envelope's signature is checked: look the type up, validate the
    payload against its schema, apply it."""
    import datetime as dt

    from liaison.federation import catalogue

    entry = catalogue.lookup(f"{envelope_type}.v1")
    entry.apply(
        IncomingEnvelope(
            id="x",
            from_party=from_party,
            to_party="LA",
            type=entry.wire_type,
            created=dt.datetime.now(dt.UTC),
            payload=payload,
        ),
        catalogue.validate(entry, payload),
    )


def test_every_agreements_type_is_in_the_nodes_catalogue() -> None:
    from liaison.federation import catalogue

    for entry in envelopes.ENVELOPES:
        assert catalogue.lookup(entry.wire_type) is entry


def test_shared_draft_arrives_on_the_peer_with_the_same_hash(draft, vn, outbox, monkeypatch):  # type: ignore[no-untyped-def]
    from liaison.agreements.services import common

    services.check_share_document(draft, acting_user=vn["liaison"])
    payload = outbox.of_type("agreements.document.shared")[0]
    sha = draft.versions.get().content_sha256
    Document.objects.filter(pk=draft.pk).delete()
    monkeypatch.setattr(common, "local_party", lambda: "LA")
    _deliver("agreements.document.shared", payload, "VN")
    copy = Document.objects.get(reference="VN-LA-MIN-15")
    assert copy.versions.get().content_sha256 == sha
    assert copy.origin_party.code == "VN" and copy.signatories.count() == 2
    saved = AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_SAVED).count()
    _deliver("agreements.document.shared", payload, "VN")  # a duplicate is harmless: nothing new
    assert Document.objects.filter(reference="VN-LA-MIN-15").count() == 1
    assert copy.versions.count() == 1 and copy.signatories.count() == 2
    assert AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_SAVED).count() == saved
    tampered = {**payload, "version": {**payload["version"], "texts": {"en": "forged"}}}
    Document.objects.filter(pk=copy.pk).delete()
    with pytest.raises(ValueError, match="content hash does not match"):
        _deliver("agreements.document.shared", tampered, "VN")


def test_a_node_cannot_share_another_partys_draft(draft, vn, outbox, monkeypatch):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    payload = outbox.of_type("agreements.document.shared")[0]
    with pytest.raises(ValueError, match="drafted by VN"):
        _deliver("agreements.document.shared", payload, "LA")


def test_progress_from_the_peer_appears_here_with_its_evidence(draft, vn, outbox, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    version = draft.versions.get()
    services.receive_signature(la_signature(draft, version, la_node_key=la_node_key), from_party="LA")
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    commitment = Commitment.objects.get(document=draft, key="c2")
    # What the LA node sends when its Savannakhet officer marks c2 done with a file (chunked).
    data = b"%PDF-1.4 patrol report " * 40000
    import hashlib

    from liaison.agreements.services import files

    chunk = files.chunk_bytes()
    pieces = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    meta = {
        "uid": "0b9e3a52-1111-4aaa-9bbb-000000000001",
        "name": "report.pdf",
        "content_type": "application/pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "chunks": len(pieces),
    }
    update = {
        "uid": "0b9e3a52-1111-4aaa-9bbb-000000000002",
        "party": "LA",
        "unit": "LA-SVK",
        "author_name": "la.duty",
        "created_at": "2099-01-01T00:00:00+00:00",
        "status_before": "planned",
        "status_after": "done",
        "percent": 100,
        "note": "Done.",
        "language": "en",
    }
    _deliver(
        "agreements.commitment.updated",
        {"commitment": str(commitment.uid), "document": str(draft.uid), "update": update, "evidence": [meta]},
        "LA",
    )
    stored = StoredFile.objects.get(uid=meta["uid"])
    assert not stored.complete and len(pieces) > 1
    import base64

    for index, piece in enumerate(pieces):
        _deliver(
            "agreements.file.chunk",
            {
                "file": meta["uid"],
                "index": index,
                "count": len(pieces),
                "data": base64.b64encode(piece).decode(),
            },
            "LA",
        )
    stored.refresh_from_db()
    commitment.refresh_from_db()
    assert stored.complete and stored.file.open("rb").read() == data
    assert commitment.status == "done"
    assert ProgressUpdate.objects.get(uid=update["uid"]).party.code == "LA"
    with pytest.raises(ValueError, match="on behalf of LA"):
        _deliver("agreements.commitment.updated", {"commitment": str(commitment.uid), "update": update}, "KH")


def test_local_progress_is_shared_with_its_file_in_chunks(draft, vn, outbox, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(
        la_signature(draft, draft.versions.get(), la_node_key=la_node_key), from_party="LA"
    )
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    commitment = Commitment.objects.get(document=draft, key="c2")
    services.check_record_progress(
        commitment,
        status="in_progress",
        note="First meeting held.",
        evidence=[services.NewFile("minutes.txt", b"minutes", "text/plain")],
        acting_user=vn["owner"],
    )
    sent = outbox.of_type("agreements.commitment.updated")[-1]
    assert sent["update"]["party"] == "VN" and sent["evidence"][0]["name"] == "minutes.txt"
    assert outbox.of_type("agreements.file.chunk")[-1]["file"] == sent["evidence"][0]["uid"]
