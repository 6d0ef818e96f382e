from .inbox import InboxEnvelope
from .manifest import Direction, Manifest
from .outbox import OutboxEnvelope, OutboxSequence, OutboxStatus, Receipt
from .peer import Peer, PeerState

__all__ = [
    "Direction",
    "InboxEnvelope",
    "Manifest",
    "OutboxEnvelope",
    "OutboxSequence",
    "OutboxStatus",
    "Peer",
    "PeerState",
    "Receipt",
]
