from .inbox import InboxEnvelope
from .manifest import Direction, Manifest
from .outbox import PRIORITY_RANK, OutboxEnvelope, OutboxSequence, OutboxStatus, Receipt
from .peer import Peer, PeerState, pinned_peer

__all__ = [
    "PRIORITY_RANK",
    "Direction",
    "InboxEnvelope",
    "Manifest",
    "OutboxEnvelope",
    "OutboxSequence",
    "OutboxStatus",
    "Peer",
    "PeerState",
    "Receipt",
    "pinned_peer",
]
