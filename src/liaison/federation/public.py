"""What domain apps may use of the federation (the only federation module they import).

- `EnvelopeType`, `PayloadSchema`: declare the app's envelope catalogue in `<app>/envelopes.py`
  (see federation/catalogue.py and docs/envelopes.md).
- `share(type, payload, to_parties=...)`: inside the caller's transaction, queue a signed envelope
  for each recipient party (transactional outbox: it commits or rolls back with the domain change).
- `IncomingEnvelope`: what an `apply` handler receives, with the payload already validated.
- `node_signing_key(party)`: the Ed25519 key pinned for a peer party.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from liaison.core.node import local_party
from liaison.federation.catalogue import EnvelopeType, PayloadSchema

__all__ = [
    "EnvelopeType",
    "IncomingEnvelope",
    "PayloadSchema",
    "local_party",
    "node_signing_key",
    "share",
]


@dataclass(frozen=True)
class IncomingEnvelope:
    id: str
    from_party: str
    to_party: str
    type: str  # the wire type, with its version
    created: dt.datetime
    payload: dict[str, Any]
    refs: list[str] = field(default_factory=list)


def share(
    envelope_type: EnvelopeType[Any],
    payload: PayloadSchema | Mapping[str, Any],
    *,
    to_parties: Iterable[str],
    refs: Sequence[str] = (),
) -> list[str]:
    """Queue `payload` (checked against the type's schema) for each party in `to_parties`; returns
    the envelope ids. Call it inside transaction.atomic(): the outbox rows are written in the
    caller's transaction."""
    from liaison.federation.outbox import enqueue

    body = envelope_type.payload(payload)
    return [enqueue(envelope_type.wire_type, body, to_party=party, refs=list(refs)) for party in to_parties]


def node_signing_key(party_code: str) -> str | None:
    """The Ed25519 public key (base64) pinned for an active peer party, or None if not peered."""
    from liaison.federation.models import Peer

    peer = Peer.objects.filter(party__code=party_code, is_active=True).only("signing_public_key").first()
    return peer.signing_public_key if peer is not None else None
