"""What domain apps may use of the federation (the only federation module they import).

- `EnvelopeType`, `PayloadSchema`: declare the app's envelope catalogue in `<app>/envelopes.py`
  (see federation/catalogue.py and docs/envelopes.md).
- `share(type, payload, to_parties=...)`: inside the caller's transaction, queue a signed envelope
  for each recipient party (transactional outbox: it commits or rolls back with the domain change).
- `IncomingEnvelope`: what an `apply` handler receives, with the payload already validated.
- `node_signing_key(party)`: the Ed25519 key pinned for a peer party.
- `delivery_state(envelope_id)`: whether a queued envelope has reached its peer, or why not yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from liaison.core.node import local_party
from liaison.federation.catalogue import EnvelopeType, PayloadSchema

__all__ = [
    "DeliveryState",
    "EnvelopeType",
    "IncomingEnvelope",
    "PayloadSchema",
    "delivery_state",
    "local_party",
    "node_signing_key",
    "peered_parties",
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
    priority: str = "routine",
) -> list[str]:
    """Queue `payload` (checked against the type's schema) for each party in `to_parties`; returns
    the envelope ids. Call it inside transaction.atomic(): the outbox rows are written in the
    caller's transaction. `priority` is a code of core.codelists' priority list: "immediate"
    envelopes go to a peer ahead of its routine traffic."""
    from liaison.federation.outbox import enqueue

    body = envelope_type.payload(payload)
    return [
        enqueue(envelope_type.wire_type, body, to_party=party, refs=list(refs), priority=priority)
        for party in to_parties
    ]


@dataclass(frozen=True)
class DeliveryState:
    """Where one queued envelope stands: `state` is "delivered", "sending" (queued, the peer was
    reachable at its last attempt), "retrying" (queued, the peer is failing) or "refused" (a dead
    letter); `error` says why the last attempt failed."""

    state: str
    error: str = ""
    delivered_at: dt.datetime | None = None


def delivery_state(envelope_id: str) -> DeliveryState | None:
    """The delivery state of an envelope this node queued, or None if it holds no such envelope."""
    from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer, PeerState

    row = (
        OutboxEnvelope.objects.filter(id=envelope_id)
        .only("status", "to_party", "delivered_at", "last_error")
        .first()
    )
    if row is None:
        return None
    if row.status == OutboxStatus.DELIVERED:
        return DeliveryState("delivered", delivered_at=row.delivered_at)
    if row.status == OutboxStatus.DEAD:
        return DeliveryState("refused", error=row.last_error)
    peer = (
        Peer.objects.filter(party__code=row.to_party)
        .only("state", "last_error", "consecutive_failures")
        .first()
    )
    if peer is None or peer.state != PeerState.UP or peer.consecutive_failures:
        return DeliveryState("retrying", error=row.last_error or (peer.last_error if peer else ""))
    return DeliveryState("sending")


def node_signing_key(party_code: str) -> str | None:
    """The Ed25519 public key (base64) pinned for an active peer party, or None if not peered."""
    from liaison.federation.models import Peer

    peer = Peer.objects.filter(party__code=party_code, is_active=True).only("signing_public_key").first()
    return peer.signing_public_key if peer is not None else None


def peered_parties() -> set[str]:
    """The codes of the parties whose node this node is linked with (an active pinned peer)."""
    from liaison.federation.models import Peer

    return set(Peer.objects.active().values_list("party__code", flat=True))
