"""Per-peer, per-day signed manifests: count and running hash of the envelope ids sent and received.

The running hash chains SHA-256 over the day's ids in sorted order (UUIDv7 ids sort by time), so
both sides compute the same value whatever order the envelopes were queued or applied in. New ids
almost always sort last and extend the chain; otherwise the day is recomputed from its ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from liaison.core import canonical
from liaison.core.plainsql import column, fetchone, for_update, run, table, value
from liaison.federation.models import Direction, InboxEnvelope, Manifest, OutboxEnvelope
from liaison.federation.node import LocalNode

GENESIS = "0" * 64


def chain(previous: str, envelope_id: str) -> str:
    return hashlib.sha256((previous + envelope_id).encode("ascii")).hexdigest()


def hash_ids(ids: Iterable[str]) -> tuple[int, str, str]:
    """(count, running hash, last id) of a set of ids."""
    running, count, last = GENESIS, 0, ""
    for envelope_id in sorted(ids):
        running = chain(running, envelope_id)
        count += 1
        last = envelope_id
    return count, running, last


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def source_ids(party: str, day: dt.date, direction: str) -> QuerySet[Any]:
    """The ids a manifest stands for, from the outbox (sent) or the inbox (received)."""
    start, end = day_bounds(day)
    if direction == Direction.SENT:
        return OutboxEnvelope.objects.filter(
            to_party=party, created_at__gte=start, created_at__lt=end
        ).values_list("id", flat=True)
    return InboxEnvelope.objects.filter(from_party=party, created__gte=start, created__lt=end).values_list(
        "envelope_id", flat=True
    )


def live(party: str, day: dt.date, direction: str) -> tuple[int, str, str]:
    """(count, running hash, last id) recomputed from the data as it is now."""
    return hash_ids(source_ids(party, day, direction))


def signed_fields(node_party: str, manifest: Manifest) -> dict[str, Any]:
    return _signed(
        node_party, manifest.party, manifest.day, manifest.direction, manifest.count, manifest.running_hash
    )


def _signed(
    node_party: str, party: str, day: dt.date, direction: str, count: int, running: str
) -> dict[str, Any]:
    return {
        "v": 1,
        "kind": "manifest",
        "node": node_party,
        "peer": party,
        "day": day.isoformat(),
        "direction": str(direction),  # a Direction member is a str subclass: the slow canonical path
        "count": count,
        "hash": running,
    }


def add(node: LocalNode, party: str, direction: str, entries: Iterable[tuple[str, dt.datetime]]) -> None:
    """Account for new ids (with their `created` time) in the caller's transaction, and re-sign."""
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for envelope_id, created in entries:
        by_day[created.astimezone(dt.UTC).date()].append(envelope_id)
    now = timezone.now()
    for day in sorted(by_day):  # one order of row locks for every transaction (PostgreSQL)
        ids = sorted(by_day[day])
        row = _locked_row(party, day, direction)
        if row is None:
            # first ids of the day; a concurrent first insert makes this one a no-op
            Manifest.objects.bulk_create(
                [Manifest(party=party, day=day, direction=direction, running_hash=GENESIS, updated_at=now)],
                ignore_conflicts=True,
            )
            row = _locked_row(party, day, direction)
            assert row is not None
        pk, count, running, last_id = row
        if ids[0] > last_id:
            for envelope_id in ids:
                running = chain(running, envelope_id)
            count, last_id = count + len(ids), ids[-1]
        else:
            count, running, last_id = hash_ids(source_ids(party, day, direction))
        signature = canonical.sign(
            node.signing_key, canonical.canonical(_signed(node.party, party, day, direction, count, running))
        )
        _save_row(pk, count, running, last_id, signature, now)


def _locked_row(party: str, day: dt.date, direction: str) -> tuple[int, int, str, str] | None:
    """(id, count, running hash, last id) of the day's manifest, locked for this transaction. Plain
    SQL (core.plainsql): every batch applied and every envelope queued comes here."""
    m = Manifest
    row = fetchone(
        f"SELECT {column(m, 'id')}, {column(m, 'count')}, {column(m, 'running_hash')}, "  # noqa: S608
        f"{column(m, 'last_id')} FROM {table(m)} WHERE {column(m, 'party')} = %s "
        f"AND {column(m, 'day')} = %s AND {column(m, 'direction')} = %s{for_update()}",
        [party, value(m, "day", day), direction],
    )
    return (int(row[0]), int(row[1]), str(row[2]), str(row[3])) if row is not None else None


def _save_row(pk: int, count: int, running: str, last_id: str, signature: str, now: dt.datetime) -> None:
    m = Manifest
    assignments = ", ".join(
        f"{column(m, name)} = %s" for name in ("count", "running_hash", "last_id", "signature", "updated_at")
    )
    run(
        f"UPDATE {table(m)} SET {assignments} WHERE {column(m, 'id')} = %s",  # noqa: S608
        [count, running, last_id, signature, value(m, "updated_at", now), pk],
    )


def as_document(node_party: str, manifest: Manifest) -> dict[str, Any]:
    return {**signed_fields(node_party, manifest), "sig": manifest.signature}


def verify_document(doc: dict[str, Any], public_key_b64: str) -> bool:
    from liaison.federation.node import public_key

    fields = {k: v for k, v in doc.items() if k not in ("sig", "live")}
    try:
        message = canonical.canonical(fields)
        key = public_key(public_key_b64)
    except ValueError:  # not JSON that has a canonical form, or not a key: not signed by that key
        return False
    return canonical.verify(key, message, doc.get("sig"))
