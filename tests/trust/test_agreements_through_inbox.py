"""The agreements envelopes through the real federation on one node: each is built and signed with
`envelope.build`/`sign_batch` by the LA peer's key (pinned as a `Peer` on this VN node) and POSTed
to /federation/v1/inbox; the inbox checks it, looks its type up in the catalogue, validates the
payload and runs the agreements handler. Receiving a document signature is checked link by link:
every refusal leaves nothing behind and is audited."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.agreements import services, statements
from liaison.agreements.envelopes import COMMITMENT_UPDATED, DOCUMENT_SHARED, DOCUMENT_SIGNED, FILE_CHUNK
from liaison.agreements.models import (
    Commitment,
    Document,
    ProgressUpdate,
    SignatoryKey,
    Signature,
    StoredFile,
)
from liaison.core import canonical, identity
from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation import public as federation_public
from liaison.federation.models import InboxEnvelope, OutboxEnvelope

pytestmark = pytest.mark.django_db


def deliver(client, remote, envelope_type, payload: dict[str, Any]):  # type: ignore[no-untyped-def]
    """POST one envelope of `envelope_type` from LA to this node's inbox; returns the response."""
    env = remote.envelope(payload, type=envelope_type.wire_type)
    return remote.post(client, remote.batch([env]))


def assert_applied(response) -> None:  # type: ignore[no-untyped-def]
    body = response.json()
    assert response.status_code == 200, body
    assert [r["outcome"] for r in body["receipt"]["results"]] == ["applied"], body


def assert_refused(response, detail: str) -> None:  # type: ignore[no-untyped-def]
    body = response.json()
    assert response.status_code == 422, body
    assert (body["reason"], body["detail"]) == ("rejected_by_handler", detail), body
    assert InboxEnvelope.objects.count() == 0 or body["receipt"]["results"][0]["outcome"] == "refused"
    refusals = AuditEvent.objects.filter(event_type=AuditEventType.ENVELOPE_REFUSED)
    assert detail in [e.extra_data.get("detail") for e in refusals]


def peer_signature(
    document: Document,
    version: Any,
    node_key: Ed25519PrivateKey,
    *,
    content_sha256: str | None = None,
    signatory: Ed25519PrivateKey | None = None,
    sign_statement_with: Ed25519PrivateKey | None = None,
    attest_with: Ed25519PrivateKey | None = None,
    signature_uid: str = "5d6f7a1e-0000-4000-8000-000000000001",
    signed_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The `agreements.document.signed` payload the LA node sends after its signatory signed
    `version`; each keyword replaces one link of the chain with a forgery."""
    signatory = signatory or Ed25519PrivateKey.generate()
    public_key = identity.public_key_b64(signatory)
    official = "kongthong_phongvichit"
    attested_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC).isoformat()
    signed_at = (signed_at or dt.datetime.now(dt.UTC)).isoformat()
    content = content_sha256 or version.content_sha256
    statement = statements.signature_statement(
        document_uid=str(document.uid),
        version=version.number,
        content_sha256=content,
        party="LA",
        official=official,
        signed_at=signed_at,
    )
    attestation = statements.key_attestation(
        party="LA", official=official, public_key=public_key, attested_at=attested_at
    )
    return {
        "document": str(document.uid),
        "reference": document.reference,
        "version": version.number,
        "signature": {
            "uid": signature_uid,
            "party": "LA",
            "official": official,
            "signed_at": signed_at,
            "content_sha256": content,
            "signature": canonical.sign(sign_statement_with or signatory, statement),
        },
        "key": {
            "uid": str(uuid.uuid4()),
            "party": "LA",
            "official": {"key": official, "party": "LA", "name": "Kongthong Phongvichit", "variants": []},
            "public_key": public_key,
            "attested_at": attested_at,
            "attestation": canonical.sign(attest_with or node_key, attestation),
            "node_public_key": identity.public_key_b64(node_key),
        },
    }


@pytest.fixture
def shared(draft, vn):  # type: ignore[no-untyped-def]
    """VN's draft, shared with LA (what VN sends is captured by the `outbox` fixture)."""
    services.check_share_document(draft, acting_user=vn["liaison"])
    return draft


# --- agreements.document.signed ------------------------------------------------------------------


def test_peer_signature_through_the_inbox_then_ours_completes_the_document(client, remote, shared, vn):  # type: ignore[no-untyped-def]
    version = shared.versions.get()
    payload = peer_signature(shared, version, remote.signing_key)
    assert_applied(deliver(client, remote, DOCUMENT_SIGNED, payload))
    signature = Signature.objects.get(version=version)
    assert signature.party.code == "LA" and signature.key.node_public_key == remote.peer.signing_public_key
    # the signature and its key keep the global ids LA gave them
    assert (
        str(signature.uid) == payload["signature"]["uid"] and str(signature.key.uid) == payload["key"]["uid"]
    )
    # the state after one of two signatures: signed by LA only, nothing agreed yet
    assert not services.is_fully_signed(version)
    assert services.signed_version(shared) is None
    assert not Commitment.objects.filter(document=shared).exists()
    result = services.verify_document(shared)
    assert result.ok and result.signed_parties == ["LA"]
    assert "node key checked" in result.checks[0].detail
    # audited against the document, as our own signature is, naming what LA signed
    signed = AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_SIGNED).get()
    assert (signed.actor_id, signed.actor_name, signed.target_type, signed.target_id) == (
        None,
        "peer:LA",
        "agreements.document",
        str(shared.pk),
    )
    assert signed.extra_data == {
        "version": 1,
        "party": "LA",
        "content_sha256": version.content_sha256,
        "official": "kongthong_phongvichit",
    }
    services.check_sign_version(shared, 1, acting_user=vn["signatory"])
    assert services.is_fully_signed(version) and services.signed_version(shared) == version
    assert Commitment.objects.filter(document=shared).count() == 3
    assert services.verify_document(shared).signed_parties == ["LA", "VN"]
    # the commitments are audited as made by whoever completed the signatures: VN's signatory
    made = AuditEvent.objects.filter(event_type=AuditEventType.COMMITMENT_SAVED)
    assert made.count() == 3 and {e.actor_name for e in made} == {vn["signatory"].username}


def test_our_signature_first_leaves_the_document_waiting_for_the_peer(client, remote, shared, vn, outbox):  # type: ignore[no-untyped-def]
    version = shared.versions.get()
    services.check_sign_version(shared, 1, acting_user=vn["signatory"])
    assert not services.is_fully_signed(version) and services.signed_version(shared) is None
    assert not Commitment.objects.filter(document=shared).exists()
    assert services.verify_document(shared).signed_parties == ["VN"]
    (sent,) = outbox.of_type(DOCUMENT_SIGNED.name)
    ours = Signature.objects.get(version=version, party__code="VN")
    # LA stores our signature and key under the global ids they have here
    assert sent["signature"]["party"] == "VN" and sent["signature"]["uid"] == str(ours.uid)
    assert sent["key"]["uid"] == str(ours.key.uid)
    assert_applied(
        deliver(client, remote, DOCUMENT_SIGNED, peer_signature(shared, version, remote.signing_key))
    )
    assert services.is_fully_signed(version)
    assert Commitment.objects.filter(document=shared).count() == 3
    made = AuditEvent.objects.filter(event_type=AuditEventType.COMMITMENT_SAVED)
    assert made.count() == 3 and {e.actor_name for e in made} == {"peer:LA"}


# the agreements fixtures capture what the services share; this test queues it for real
REAL_SHARE = federation_public.share


def test_our_signature_is_audited_and_queued_for_the_peer(remote, shared, vn, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(federation_public, "share", REAL_SHARE)
    signature = services.check_sign_version(shared, 1, acting_user=vn["signatory"])
    version = shared.versions.get()
    row = AuditEvent.objects.get(event_type=AuditEventType.DOCUMENT_SIGNED)
    assert (row.actor_id, row.target_type, row.target_id) == (
        vn["signatory"].pk,
        "agreements.document",
        str(shared.pk),
    )
    assert row.extra_data == {
        "version": 1,
        "party": "VN",
        "content_sha256": version.content_sha256,
        "official": "luong_tam_quang",
    }
    (queued,) = OutboxEnvelope.objects.filter(type=DOCUMENT_SIGNED.wire_type)
    assert queued.to_party == "LA" and queued.body["refs"] == [str(shared.uid)]
    payload = queued.body["payload"]
    assert (payload["document"], payload["reference"], payload["version"]) == (
        str(shared.uid),
        "VN-LA-MIN-15",
        1,
    )
    assert payload["signature"]["uid"] == str(signature.uid) and payload["key"]["uid"] == str(
        signature.key.uid
    )


def _forged_signature(document, version, key):  # type: ignore[no-untyped-def]
    return peer_signature(document, version, key, sign_statement_with=Ed25519PrivateKey.generate())


def _forged_attestation(document, version, key):  # type: ignore[no-untyped-def]
    # names the pinned node key, but the attestation was made with another key
    return peer_signature(document, version, key, attest_with=Ed25519PrivateKey.generate())


def _unpinned_node_key(document, version, key):  # type: ignore[no-untyped-def]
    # consistent in itself, but attested by a node key that is not LA's pinned one
    return peer_signature(document, version, Ed25519PrivateKey.generate())


def _other_text(document, version, key):  # type: ignore[no-untyped-def]
    # a valid signature, over another content hash than the version's
    return peer_signature(document, version, key, content_sha256=hashlib.sha256(b"other").hexdigest())


def _statement_hash_differs(document, version, key):  # type: ignore[no-untyped-def]
    # the claimed hash is the version's, but the statement signed names another hash
    payload = peer_signature(document, version, key, content_sha256=hashlib.sha256(b"other").hexdigest())
    payload["signature"]["content_sha256"] = version.content_sha256
    return payload


def _signed_for_another_official(document, version, key):  # type: ignore[no-untyped-def]
    payload = peer_signature(document, version, key)
    payload["signature"]["signed_at"] = dt.datetime(2020, 1, 1, tzinfo=dt.UTC).isoformat()
    return payload


def _signed_at_not_a_time(document, version, key):  # type: ignore[no-untyped-def]
    # LA's signatory really signed this statement, but its time cannot be stored
    signatory = Ed25519PrivateKey.generate()
    payload = peer_signature(document, version, key, signatory=signatory)
    data = payload["signature"]
    data["signed_at"] = "yesterday"
    statement = statements.signature_statement(
        document_uid=str(document.uid),
        version=version.number,
        content_sha256=data["content_sha256"],
        party="LA",
        official=data["official"],
        signed_at="yesterday",
    )
    data["signature"] = canonical.sign(signatory, statement)
    return payload


def _attested_at_not_a_time(document, version, key):  # type: ignore[no-untyped-def]
    # LA's node really attested the key, but the time of its attestation cannot be stored
    payload = peer_signature(document, version, key)
    attested = payload["key"]
    attested["attested_at"] = "last week"
    attestation = statements.key_attestation(
        party="LA",
        official=attested["official"]["key"],
        public_key=attested["public_key"],
        attested_at="last week",
    )
    attested["attestation"] = canonical.sign(key, attestation)
    return payload


def _other_party(document, version, key):  # type: ignore[no-untyped-def]
    payload = peer_signature(document, version, key)
    payload["signature"]["party"] = "VN"
    return payload


def _key_of_other_party(document, version, key):  # type: ignore[no-untyped-def]
    payload = peer_signature(document, version, key)
    payload["key"]["party"] = "VN"
    return payload


def _unknown_document(document, version, key):  # type: ignore[no-untyped-def]
    return {**peer_signature(document, version, key), "document": "ae980172-0000-4000-8000-000000000009"}


def _unknown_version(document, version, key):  # type: ignore[no-untyped-def]
    return {**peer_signature(document, version, key), "version": 9}


NOT_VERIFIED = "the signature of LA on VN-LA-MIN-15 v1 does not verify"
REFUSALS = {
    "signature that does not verify": (_forged_signature, NOT_VERIFIED),
    "signature of another statement": (_signed_for_another_official, NOT_VERIFIED),
    "forged attestation with the pinned key": (
        _forged_attestation,
        "signatory key attestation does not verify",
    ),
    "key attested by an unpinned node key": (
        _unpinned_node_key,
        "signatory key attested by a node key that is not LA's pinned key",
    ),
    "hash of another text": (_other_text, "LA signed a text of version 1 that differs from ours"),
    "signed at a time that is not one": (_signed_at_not_a_time, "not an RFC 3339 time: 'yesterday'"),
    "key attested at a time that is not one": (_attested_at_not_a_time, "not an RFC 3339 time: 'last week'"),
    "statement names another hash": (_statement_hash_differs, NOT_VERIFIED),
    "signature of another party": (_other_party, "LA cannot deliver a signature of VN"),
    "key of another party": (_key_of_other_party, "LA cannot attest a signatory key of VN"),
    "unknown document": (
        _unknown_document,
        "signature for unknown document ae980172-0000-4000-8000-000000000009",
    ),
    "unknown version": (_unknown_version, "signature for unknown version 9 of VN-LA-MIN-15"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_every_broken_link_refuses_the_signature(client, remote, shared, case) -> None:  # type: ignore[no-untyped-def]
    make, detail = REFUSALS[case]
    version = shared.versions.get()
    assert_refused(
        deliver(client, remote, DOCUMENT_SIGNED, make(shared, version, remote.signing_key)), detail
    )
    assert not Signature.objects.exists()
    assert not SignatoryKey.objects.filter(party__code="LA").exists()
    assert not services.is_fully_signed(version)


def test_a_repeated_signature_is_kept_once_and_a_different_one_refused(client, remote, shared) -> None:  # type: ignore[no-untyped-def]
    version = shared.versions.get()
    payload = peer_signature(shared, version, remote.signing_key)
    assert_applied(deliver(client, remote, DOCUMENT_SIGNED, payload))
    assert_applied(deliver(client, remote, DOCUMENT_SIGNED, copy.deepcopy(payload)))  # another envelope
    assert Signature.objects.filter(version=version).count() == 1
    assert AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_SIGNED).count() == 1
    other = peer_signature(
        shared, version, remote.signing_key, signature_uid="5d6f7a1e-0000-4000-8000-0000000000ff"
    )
    assert_refused(
        deliver(client, remote, DOCUMENT_SIGNED, other), "LA signed version 1 already, with another signature"
    )
    assert list(Signature.objects.values_list("signature", flat=True)) == [payload["signature"]["signature"]]


def test_the_same_signatory_key_is_stored_once(client, remote, shared, vn) -> None:  # type: ignore[no-untyped-def]
    signatory = Ed25519PrivateKey.generate()
    version = shared.versions.get()
    payload = peer_signature(shared, version, remote.signing_key, signatory=signatory)
    services.receive_signature(payload, from_party="LA")
    new = services.check_new_version(
        shared,
        titles=version.titles,
        working_language="en",
        texts={"en": "Article 1\nChanged."},
        undertakings=version.undertakings,
        acting_user=vn["liaison"],
    )
    again = peer_signature(
        shared, new, remote.signing_key, signatory=signatory, signature_uid=str(uuid.uuid4())
    )
    again["key"]["uid"] = payload["key"]["uid"]
    again["key"]["attestation"] = payload["key"]["attestation"]
    assert_applied(deliver(client, remote, DOCUMENT_SIGNED, again))
    assert SignatoryKey.objects.filter(party__code="LA").count() == 1
    assert Signature.objects.filter(party__code="LA").count() == 2


# --- agreements.document.shared ------------------------------------------------------------------


def _as_las_draft(payload: dict[str, Any]) -> dict[str, Any]:
    """VN's shared payload rewritten as LA's draft (the content hash does not cover the origin)."""
    payload = copy.deepcopy(payload)
    payload["document"]["origin_party"] = "LA"
    payload["version"]["party"] = "LA"
    return payload


def test_draft_shared_by_the_peer_through_the_inbox(client, remote, shared, outbox) -> None:  # type: ignore[no-untyped-def]
    payload = _as_las_draft(outbox.of_type(DOCUMENT_SHARED.name)[0])
    sha = shared.versions.get().content_sha256
    Document.objects.filter(pk=shared.pk).delete()
    assert_applied(deliver(client, remote, DOCUMENT_SHARED, payload))
    copy_here = Document.objects.get(reference="VN-LA-MIN-15")
    assert copy_here.origin_party.code == "LA" and copy_here.versions.get().content_sha256 == sha
    assert copy_here.signatories.count() == 2
    saved = AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_SAVED, actor_name="peer:LA")
    assert saved.count() == 1 and saved.get().extra_data["from"] == "LA"
    assert_applied(deliver(client, remote, DOCUMENT_SHARED, payload))  # the same version again: kept once
    assert copy_here.versions.count() == 1


def test_shared_draft_refusals_through_the_inbox(client, remote, shared, outbox) -> None:  # type: ignore[no-untyped-def]
    vn_payload = outbox.of_type(DOCUMENT_SHARED.name)[0]
    assert_refused(
        deliver(client, remote, DOCUMENT_SHARED, vn_payload), "LA sent document VN-LA-MIN-15 drafted by VN"
    )
    Document.objects.filter(pk=shared.pk).delete()
    tampered = _as_las_draft(vn_payload)
    tampered["version"]["texts"] = {"en": "forged"}
    assert_refused(
        deliver(client, remote, DOCUMENT_SHARED, tampered),
        "version 1 of VN-LA-MIN-15: content hash does not match its text",
    )
    assert not Document.objects.exists()


# --- agreements.commitment.updated and agreements.file.chunk ---------------------------------------


def test_progress_and_its_file_from_the_peer_through_the_inbox(client, remote, shared, vn) -> None:  # type: ignore[no-untyped-def]
    from liaison.agreements.services import files

    version = shared.versions.get()
    services.receive_signature(peer_signature(shared, version, remote.signing_key), from_party="LA")
    services.check_sign_version(shared, 1, acting_user=vn["signatory"])
    commitment = Commitment.objects.get(document=shared, key="c2")
    data = b"%PDF-1.4 patrol report " * 40000
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
    payload = {
        "commitment": str(commitment.uid),
        "document": str(shared.uid),
        "update": update,
        "evidence": [meta],
    }
    assert_applied(deliver(client, remote, COMMITMENT_UPDATED, payload))
    stored = StoredFile.objects.get(uid=meta["uid"])
    assert not stored.complete and len(pieces) > 1
    chunks = [
        remote.envelope(
            {"file": meta["uid"], "index": i, "count": len(pieces), "data": base64.b64encode(p).decode()},
            type=FILE_CHUNK.wire_type,
        )
        for i, p in enumerate(pieces)
    ]
    response = remote.post(client, remote.batch(chunks))
    assert response.status_code == 200
    assert [r["outcome"] for r in response.json()["receipt"]["results"]] == ["applied"] * len(pieces)
    stored.refresh_from_db()
    commitment.refresh_from_db()
    assert stored.complete and stored.file.open("rb").read() == data
    assert commitment.status == "done"
    assert ProgressUpdate.objects.get(uid=update["uid"]).party.code == "LA"
    forged = {**payload, "update": {**update, "uid": str(uuid.uuid4()), "party": "VN"}}
    assert_refused(
        deliver(client, remote, COMMITMENT_UPDATED, forged), "LA cannot report progress on behalf of VN"
    )


def test_file_chunk_for_an_unknown_file_is_refused_through_the_inbox(client, remote, node_identity) -> None:  # type: ignore[no-untyped-def]
    unknown = "ef71dfc9-79fa-4ec7-959a-66c3e625cdd1"
    chunk = {"file": unknown, "index": 0, "count": 1, "data": base64.b64encode(b"x").decode()}
    assert_refused(
        deliver(client, remote, FILE_CHUNK, chunk),
        f"file chunk for unknown file {unknown}: its metadata envelope has not arrived",
    )


@pytest.mark.parametrize("envelope_type", [DOCUMENT_SHARED, DOCUMENT_SIGNED, COMMITMENT_UPDATED, FILE_CHUNK])
def test_an_invalid_payload_of_each_type_is_refused_before_its_handler(
    client, remote, node_identity, envelope_type
) -> None:  # type: ignore[no-untyped-def]
    body = deliver(client, remote, envelope_type, {"unexpected": True}).json()
    assert body["reason"] == "invalid_payload", body
    assert InboxEnvelope.objects.count() == 0
