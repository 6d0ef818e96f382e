"""The federation's own envelope type: `federation.ping`, the protocol's liveness check."""

from __future__ import annotations

from liaison.federation.catalogue import EnvelopeType, PayloadSchema
from liaison.federation.public import IncomingEnvelope


class PingPayload(PayloadSchema):
    n: int = 0  # a counter, so an administrator can tell the pings apart
    pad: str = ""  # filler for the benchmark's envelope size


def apply_ping(incoming: IncomingEnvelope, payload: PingPayload) -> None:
    """Applying a ping changes nothing: the inbox row and the signed receipt are its whole effect."""


PING = EnvelopeType(
    name="federation.ping",
    version=1,
    schema=PingPayload,
    apply=apply_ping,
    sender="`liaison peer ping`, the two-node tests and the benchmark: proves a peering end to end.",
    effect="Nothing beyond the inbox row and the signed receipt.",
)

ENVELOPES = (PING,)
