"""The transactional outbox: `enqueue` writes a signed envelope in the caller's transaction.

The envelope is signed when it is queued, so what the worker sends (as often as it has to) is
byte for byte what was committed; its sequence number per party is taken under a row lock, so the
sequence order is the commit order and the worker sends in the order the data was written (within
one priority: an immediate envelope goes ahead of routine ones). When the transaction commits, the
worker is woken (wake.py) so it does not wait for its next poll.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from liaison.federation import envelope, manifests, wake
from liaison.federation.models import PRIORITY_RANK, Direction, OutboxEnvelope, OutboxSequence
from liaison.federation.node import LocalNode, local_node

__all__ = ["enqueue", "enqueue_many"]


def enqueue(
    envelope_type: str,
    payload: dict[str, Any],
    *,
    to_party: str,
    refs: Sequence[str] = (),
    priority: str = "routine",
) -> str:
    """Queue one envelope for `to_party` inside the current transaction; returns its id."""
    return enqueue_many(envelope_type, [payload], to_party=to_party, refs=refs, priority=priority)[0]


def enqueue_many(
    envelope_type: str,
    payloads: Iterable[dict[str, Any]],
    *,
    to_party: str,
    refs: Sequence[str] = (),
    node: LocalNode | None = None,
    priority: str = "routine",
) -> list[str]:
    node = node or local_node()
    rank = PRIORITY_RANK[priority]  # a KeyError names a priority outside the closed list
    to_party = to_party.upper()
    if to_party == node.party:
        raise ValueError(f"cannot send an envelope to this node's own party {to_party}")
    with transaction.atomic():
        counter, _created = OutboxSequence.objects.select_for_update().get_or_create(to_party=to_party)
        now = timezone.now()
        rows: list[OutboxEnvelope] = []
        for payload in payloads:
            env = envelope.build(
                envelope_type,
                payload,
                from_party=node.party,
                to_party=to_party,
                key=node.signing_key,
                refs=refs,
                created=now,
            )
            counter.last_seq += 1
            rows.append(
                OutboxEnvelope(
                    id=env.id,
                    to_party=to_party,
                    seq=counter.last_seq,
                    priority=rank,
                    type=envelope_type,
                    body=env.as_dict(),
                    created_at=env.created_at,
                )
            )
        if not rows:
            return []
        counter.save(update_fields=["last_seq"])
        OutboxEnvelope.objects.bulk_create(rows, batch_size=500)
        manifests.add(node, to_party, Direction.SENT, [(r.id, r.created_at) for r in rows])
        wake.nudge_on_commit()
    return [r.id for r in rows]
