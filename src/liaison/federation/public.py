"""What domain apps may use of the federation (the only federation module they import).

- `share(...)`: inside the caller's transaction, queue a signed envelope for each recipient party
  (transactional outbox: the envelope commits or rolls back with the domain change).
- `register_handler(type, fn)`: called from an AppConfig.ready(); the inbox applies each incoming
  envelope of that type through `fn(incoming)`, inside the transaction that stores it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["IncomingEnvelope", "handler_for", "node_signing_key", "register_handler", "share", "this_party"]


@dataclass(frozen=True)
class IncomingEnvelope:
    id: str
    from_party: str
    to_party: str
    type: str
    created: dt.datetime
    payload: dict[str, Any]
    refs: list[str] = field(default_factory=list)


Handler = Callable[[IncomingEnvelope], None]
_HANDLERS: dict[str, Handler] = {}


def register_handler(envelope_type: str, handler: Handler) -> None:
    existing = _HANDLERS.get(envelope_type)
    if existing is not None and existing is not handler:
        raise RuntimeError(f"a handler for {envelope_type!r} is registered already")
    _HANDLERS[envelope_type] = handler


def handler_for(envelope_type: str) -> Handler | None:
    return _HANDLERS.get(envelope_type)


def share(
    envelope_type: str, payload: dict[str, Any], *, to_parties: Iterable[str], refs: Sequence[str] = ()
) -> list[str]:
    """Queue `payload` for each party in `to_parties`; returns the envelope ids. Call it inside
    transaction.atomic(): the outbox rows are written in the caller's transaction."""
    from liaison.federation.outbox import enqueue

    return [enqueue(envelope_type, payload, to_party=party, refs=list(refs)) for party in to_parties]


def this_party() -> str:
    from liaison.core.services import this_node

    node = this_node()
    if node is None:
        raise RuntimeError("this node is not initialised")
    return node.party.code


def node_signing_key(party_code: str) -> str | None:
    """The Ed25519 public key (base64) pinned for an active peer party, or None if not peered."""
    from liaison.federation.models import Peer

    peer = Peer.objects.filter(party__code=party_code, is_active=True).only("signing_public_key").first()
    return peer.signing_public_key if peer is not None else None
