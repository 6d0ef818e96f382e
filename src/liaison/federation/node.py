"""This node as the federation sees it: core.node's identity, plus pinned peer keys parsed once."""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from liaison.core.node import LocalNode, NodeNotInitialised, local_node
from liaison.federation import envelope

__all__ = ["LocalNode", "NodeNotInitialised", "local_node", "public_key"]


@lru_cache(maxsize=64)
def public_key(b64: str) -> Ed25519PublicKey:
    return envelope.public_key_from_b64(b64)
