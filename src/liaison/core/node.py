"""This node: the one place that says which party we are, with our signing key and public URL.

Every module that needs "who am I" calls `local_node()` (or `local_party()`); nothing else reads
NodeIdentity for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.core import identity
from liaison.core.models import NodeIdentity

__all__ = [
    "LocalNode",
    "NodeNotInitialised",
    "local_node",
    "local_node_or_none",
    "local_party",
    "tls_cert_file",
]


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
    key_file: str
    identity: NodeIdentity

    @property
    def cert_file(self) -> str:
        return tls_cert_file(self.identity)


@lru_cache(maxsize=8)
def _signing_key(path: str) -> Ed25519PrivateKey:
    return identity.load_signing_key(path)


def tls_cert_file(node: NodeIdentity) -> str:
    """The certificate as a file beside the TLS key (`ssl` loads chains only from files), written the
    first time a TLS connection needs it, not on every look at this node's identity."""
    path = Path(node.tls_key_file).with_name("tls_cert.pem")
    if not path.exists():
        path.write_text(node.certificate_pem)
    return str(path)


def local_node_or_none() -> LocalNode | None:
    node = NodeIdentity.objects.select_related("party").first()
    if node is None:
        return None
    return LocalNode(
        party=node.party.code,
        public_url=node.public_url,
        signing_key=_signing_key(node.signing_key_file),
        signing_public_key_b64=node.signing_public_key,
        certificate_pem=node.certificate_pem,
        certificate_fingerprint=node.certificate_fingerprint,
        key_file=node.tls_key_file,
        identity=node,
    )


def local_node() -> LocalNode:
    node = local_node_or_none()
    if node is None:
        raise NodeNotInitialised("this node is not initialised: run `liaison node init` first")
    return node


def local_party() -> str:
    """This node's party code (e.g. "VN")."""
    return local_node().party
