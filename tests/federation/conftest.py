"""A remote peer (LA) for the federation tests: real keys and certificate, pinned on this node (VN)."""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import ConfigDict

from liaison.core import identity
from liaison.federation import catalogue, envelope
from liaison.federation.catalogue import EnvelopeType, PayloadSchema
from liaison.federation.client import PeerIdentity
from liaison.federation.views.protocol import TEST_CLIENT_CERT_KEY


@dataclass
class Remote:
    """The other node as a test drives it: signs envelopes and batches and posts them to our inbox."""

    party: str
    signing_key: Any
    cert_pem: str
    cert_der: bytes
    fingerprint: str
    peer: Any = None

    def envelope(
        self,
        payload: dict[str, Any] | None = None,
        *,
        type: str = "federation.ping.v1",
        to: str = "VN",
        **kwargs: Any,
    ) -> dict[str, Any]:
        return envelope.build(
            type, payload or {"n": 1}, from_party=self.party, to_party=to, key=self.signing_key, **kwargs
        ).as_dict()

    def batch(
        self,
        envelopes: list[dict[str, Any]],
        *,
        to: str = "VN",
        sent: dt.datetime | None = None,
        key: Any = None,
    ) -> dict[str, Any]:
        return envelope.sign_batch(
            envelopes, from_party=self.party, to_party=to, key=key or self.signing_key, sent=sent
        ).as_dict()

    def post(
        self, client: Any, body: bytes | str | dict[str, Any] | list[Any], *, cert: bytes | None = b""
    ) -> Any:
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        extra = {} if cert is None else {TEST_CLIENT_CERT_KEY: cert or self.cert_der}
        return client.post("/federation/v1/inbox", data=data, content_type="application/json", **extra)


def make_remote(base: Path, party: str) -> Remote:
    files = identity.generate(base / party.lower(), party, ["127.0.0.1"])
    cert_pem = files.tls_cert.read_text()
    der = x509.load_pem_x509_certificate(cert_pem.encode()).public_bytes(serialization.Encoding.DER)
    return Remote(
        party=party,
        signing_key=identity.load_signing_key(files.signing_key),
        cert_pem=cert_pem,
        cert_der=der,
        fingerprint=identity.cert_fingerprint(cert_pem),
    )


@pytest.fixture
def remote(node_identity, tmp_path):  # type: ignore[no-untyped-def]
    """Party LA's node, pinned as a peer of this node (VN)."""
    return pin_remote(tmp_path / "remote", "LA")


def pin_remote(base: Path, party: str) -> Remote:
    """A node of `party` with real keys, pinned as a peer of this node (it listens nowhere)."""
    from liaison.federation import services

    remote = make_remote(base, party)
    remote.peer, _outcome = services.do_add_peer(
        PeerIdentity(
            party=party,
            url="https://127.0.0.1:9",
            signing_public_key=identity.public_key_b64(remote.signing_key),
            certificate_pem=remote.cert_pem,
            fingerprint=remote.fingerprint,
        ),
        acting_user=None,
    )
    return remote


class _AnyPayload(PayloadSchema):
    model_config = ConfigDict(extra="allow")


def register_handler(name: str, handler: Callable[[Any], None]) -> None:
    """A test envelope type `<name>.v1` with any payload, applied by `handler(incoming)`."""
    catalogue.catalogue()[name] = {
        1: EnvelopeType(
            name=name,
            version=1,
            schema=_AnyPayload,
            apply=lambda incoming, _payload: handler(incoming),
            sender="tests",
            effect="tests",
        )
    }


class FakeLink:
    """The network between the worker and a peer, replaced: `inbox(batch)` plays the peer's inbox and
    returns (HTTP status, answer document), or raises client.PeerUnreachable. Batches sent before the
    previous answer was read are kept in order, and one that follows a batch the inbox did not
    complete (no receipt) is refused unread, as a node's inbox does (views/protocol.py)."""

    def __init__(self, inbox: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]) -> None:
        self.inbox = inbox
        self._answers: deque[tuple[int, bytes]] = deque()
        self._last_completed = ""

    def send(self, body: bytes, follows: str | None = None) -> None:
        batch = json.loads(body)
        if follows is not None and follows != self._last_completed:
            status, answer = 409, {"reason": "previous_batch_failed", "detail": "fake"}
        else:
            status, answer = self.inbox(batch)
        self._last_completed = batch.get("batch", "") if "receipt" in answer else ""
        self._answers.append((status, json.dumps(answer).encode()))

    def answer(self) -> tuple[int, bytes]:
        assert self._answers, "answer() without send()"
        return self._answers.popleft()

    def close(self) -> None:
        self._answers.clear()
        self._last_completed = ""


def fake_network(inbox: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]) -> Callable[..., FakeLink]:
    """A Worker's `connect` that reaches `inbox` instead of a node."""
    return lambda _peer, _node, _timeout: FakeLink(inbox)


def unregister(name: str) -> None:
    catalogue.catalogue().pop(name)
