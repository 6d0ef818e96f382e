"""This node as the federation sees it: party code, signing key (loaded once per file) and TLS files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from liaison.core import identity
from liaison.core.services import this_node
from liaison.federation import envelope


class NodeNotInitialised(RuntimeError):
    pass


@dataclass(frozen=True)
class LocalNode:
    party: str
    public_url: str
    signing_key: Ed25519PrivateKey
    signing_public_key_b64: str
    certificate_pem: str
    certificate_fingerprint: str
    cert_file: str
    key_file: str


@lru_cache(maxsize=8)
def _signing_key(path: str) -> Ed25519PrivateKey:
    return identity.load_signing_key(path)


@lru_cache(maxsize=64)
def public_key(b64: str) -> Ed25519PublicKey:
    return envelope.public_key_from_b64(b64)


def local_node() -> LocalNode:
    node = this_node()
    if node is None:
        raise NodeNotInitialised("this node is not initialised: run `liaison node init` first")
    cert_file = Path(node.tls_key_file).with_name("tls_cert.pem")
    if not cert_file.exists():
        cert_file.write_text(node.certificate_pem)
    return LocalNode(
        party=node.party.code,
        public_url=node.public_url,
        signing_key=_signing_key(node.signing_key_file),
        signing_public_key_b64=node.signing_public_key,
        certificate_pem=node.certificate_pem,
        certificate_fingerprint=node.certificate_fingerprint,
        cert_file=str(cert_file),
        key_file=node.tls_key_file,
    )
