"""Incoming envelopes of the agreements app. Each handler runs inside the inbox transaction; a
ValueError refuses the envelope with its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison.federation import public

from . import services
from .services.commitments import CHUNK, UPDATED
from .services.documents import SHARED
from .services.signing import SIGNED


def _guard(fn: Callable[[dict[str, Any], str], Any]) -> Callable[[public.IncomingEnvelope], None]:
    def handle(envelope: public.IncomingEnvelope) -> None:
        try:
            fn(envelope.payload, envelope.from_party)
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed {envelope.type} payload: missing or wrong field {exc}") from exc

    return handle


def _shared(payload: dict[str, Any], from_party: str) -> None:
    services.receive_shared(payload, from_party=from_party)


def _signed(payload: dict[str, Any], from_party: str) -> None:
    services.receive_signature(payload, from_party=from_party)


def _updated(payload: dict[str, Any], from_party: str) -> None:
    services.receive_update(payload, from_party=from_party)


def _chunk(payload: dict[str, Any], from_party: str) -> None:
    services.receive_chunk(payload)


HANDLERS: dict[str, Callable[[public.IncomingEnvelope], None]] = {
    SHARED: _guard(_shared),
    SIGNED: _guard(_signed),
    UPDATED: _guard(_updated),
    CHUNK: _guard(_chunk),
}


def register() -> None:
    for envelope_type, handler in HANDLERS.items():
        public.register_handler(envelope_type, handler)
