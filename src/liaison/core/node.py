"""This node: the one place that says which party we are, with our signing key and public URL.

Every module that needs "who am I" calls `local_node()` (or `local_party()`); nothing else reads
NodeIdentity for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.core import identity
from liaison.core.models import NodeIdentity, Party
from liaison.core.plainsql import column, fetchone, table

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


# The columns that make up this node's identity: the LocalNode built from them is kept while a
# read of these columns returns the same values.
_IDENTITY_COLUMNS = (
    "id",
    "party_id",
    "signing_public_key",
    "signing_key_file",
    "certificate_pem",
    "certificate_fingerprint",
    "tls_key_file",
    "public_url",
)
_known: tuple[tuple[Any, ...], LocalNode] | None = None


def _identity_row() -> tuple[Any, ...] | None:
    """This node's identity columns and its party's code, in plain SQL (core.plainsql): every
    federation request and every page asks "who am I"."""
    n, p = NodeIdentity, Party
    columns = ", ".join(f"n.{column(n, name)}" for name in _IDENTITY_COLUMNS)
    return fetchone(
        f"SELECT {columns}, p.{column(p, 'code')} FROM {table(n)} n "  # noqa: S608  (names from metadata)
        f"JOIN {table(p)} p ON p.{column(p, 'id')} = n.{column(n, 'party')} "
        f"ORDER BY n.{column(n, 'id')} LIMIT 1"
    )


def local_node_or_none() -> LocalNode | None:
    """This node, read from the database on every call (any process may have written it), built
    anew only when its row has changed."""
    global _known
    row = _identity_row()
    if row is None:
        return None
    known = _known
    if known is not None and known[0] == row:
        return known[1]
    node = NodeIdentity.objects.select_related("party").filter(pk=row[0]).first()
    if node is None:  # deleted between the two reads
        return local_node_or_none()
    local = LocalNode(
        party=node.party.code,
        public_url=node.public_url,
        signing_key=_signing_key(node.signing_key_file),
        signing_public_key_b64=node.signing_public_key,
        certificate_pem=node.certificate_pem,
        certificate_fingerprint=node.certificate_fingerprint,
        key_file=node.tls_key_file,
        identity=node,
    )
    _known = (row, local)
    return local


def local_node() -> LocalNode:
    node = local_node_or_none()
    if node is None:
        raise NodeNotInitialised("this node is not initialised: run `liaison node init` first")
    return node


def local_party() -> str:
    """This node's party code (e.g. "VN")."""
    return local_node().party
