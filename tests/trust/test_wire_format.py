"""The exact bytes a node signs for a batch header and a manifest, written out by hand.

Signing and checking both build these documents with the same function, so a renamed field would
stay self-consistent on one version of Liaison and break every exchange with a node of another
version (and any other implementation of the protocol). These golden tests pin the field names and
values a peer has to sign, in both directions: what this node signs is the documented form, and a
batch signed over the documented form, built without this module's help, is accepted."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from liaison.federation import envelope, manifests, outbox
from liaison.federation.models import Direction, Manifest
from liaison.federation.node import local_node

# Fixed inputs: a golden test must not depend on the clock or on a fresh key.
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
BATCH_ID = "01890a5d-ac96-774b-bcce-b302099a8057"
IDS = ("01890a5d-ac96-774b-bcce-b302099a8001", "01890a5d-ac96-774b-bcce-b302099a8002")
SENT = "2024-03-19T08:00:00.000Z"
SENT_AT = dt.datetime(2024, 3, 19, 8, tzinfo=dt.UTC)


def _envelopes() -> tuple[dict[str, object], ...]:
    return tuple(
        envelope.build(
            "federation.ping.v1",
            {"n": n},
            from_party="LA",
            to_party="VN",
            key=KEY,
            created=SENT_AT,
            envelope_id=envelope_id,
        ).as_dict()
        for n, envelope_id in enumerate(IDS)
    )


# RFC 8785: keys sorted, no spaces. The header names the batch, both parties, the send time and the
# envelope ids in sending order; `v` is the protocol version.
BATCH_HEADER = (
    b'{"batch":"01890a5d-ac96-774b-bcce-b302099a8057","from":"LA",'
    b'"ids":["01890a5d-ac96-774b-bcce-b302099a8001","01890a5d-ac96-774b-bcce-b302099a8002"],'
    b'"sent":"2024-03-19T08:00:00.000Z","to":"VN","v":1}'
)


def test_a_batch_header_is_exactly_the_documented_fields() -> None:
    batch = envelope.Batch(id=BATCH_ID, from_party="LA", to_party="VN", sent=SENT, envelopes=_envelopes())
    assert batch.header() == {
        "v": 1,
        "batch": BATCH_ID,
        "from": "LA",
        "to": "VN",
        "sent": SENT,
        "ids": list(IDS),
    }
    assert envelope.canonical(batch.header()) == BATCH_HEADER


def test_this_node_signs_a_batch_over_the_documented_header() -> None:
    batch = envelope.sign_batch(_envelopes(), from_party="LA", to_party="VN", key=KEY, sent=SENT_AT)
    documented = BATCH_HEADER.replace(BATCH_ID.encode(), batch.id.encode())
    KEY.public_key().verify(base64.b64decode(batch.sig), documented)  # raises if it signed other bytes


def test_a_batch_signed_over_the_documented_header_is_opened() -> None:
    """A peer that builds the header itself (another version, another implementation)."""
    wire = {
        "v": 1,
        "batch": BATCH_ID,
        "from": "LA",
        "to": "VN",
        "sent": SENT,
        "sig": base64.b64encode(KEY.sign(BATCH_HEADER)).decode(),
        "envelopes": list(_envelopes()),
    }
    opened = envelope.open_batch(
        wire,
        public_key=KEY.public_key(),
        expect_from="LA",
        expect_to="VN",
        now=SENT_AT,
        max_skew=dt.timedelta(seconds=300),
        max_count=10,
    )
    assert opened.id == BATCH_ID and [e["id"] for e in opened.envelopes] == list(IDS)


def test_a_manifest_signs_exactly_the_documented_fields() -> None:
    manifest = Manifest(
        party="LA", day=dt.date(2024, 3, 19), direction=Direction.SENT, count=2, running_hash="ab" * 32
    )
    assert manifests.signed_fields("VN", manifest) == {
        "v": 1,
        "kind": "manifest",
        "node": "VN",
        "peer": "LA",
        "day": "2024-03-19",
        "direction": "sent",
        "count": 2,
        "hash": "ab" * 32,
    }
    assert envelope.canonical(manifests.signed_fields("VN", manifest)) == (
        b'{"count":2,"day":"2024-03-19","direction":"sent","hash":"' + b"ab" * 32 + b'",'
        b'"kind":"manifest","node":"VN","peer":"LA","v":1}'
    )


@pytest.mark.django_db
def test_the_stored_manifest_signature_covers_the_documented_bytes(remote) -> None:  # type: ignore[no-untyped-def]
    """What `sync verify` on the peer checks: the signature this node stored when it queued the
    envelopes is over the documented form of the day's figures."""
    with transaction.atomic():
        ids = outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(2)), to_party="LA")
    manifest = Manifest.objects.get(party="LA", direction="sent")
    count, running, _last = manifests.hash_ids(ids)
    documented = (
        f'{{"count":{count},"day":"{manifest.day.isoformat()}","direction":"sent","hash":"{running}",'
        '"kind":"manifest","node":"VN","peer":"LA","v":1}'
    ).encode()
    local_node().signing_key.public_key().verify(base64.b64decode(manifest.signature), documented)
