"""`liaison sync verify`: compare this node's signed manifests with the peer's, over the federation.

For every day either side has a manifest for: what we sent must be what the peer received, and what
we received what it sent. Each side's figures are recomputed from its data at the time of the check
and also compared with the manifest it signed when the envelopes went through, so data lost after
the fact (a deleted row, a restore from an old backup) shows as well as envelopes that never
arrived. Where a day differs, both sides' ids are fetched and the exact missing ids named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx

from liaison.federation import client, envelope, manifests
from liaison.federation.models import Direction, Manifest, OutboxEnvelope, OutboxStatus, Peer
from liaison.federation.node import LocalNode

OPPOSITE = {Direction.SENT.value: Direction.RECEIVED.value, Direction.RECEIVED.value: Direction.SENT.value}
Figures = tuple[int, str]


class SyncError(Exception):
    """The comparison could not be made (peer unreachable, unsigned manifest, ...)."""


@dataclass
class DayResult:
    day: dt.date
    direction: str  # from this node's point of view
    ours: Figures
    theirs: Figures
    ours_signed: Figures
    theirs_signed: Figures
    missing_on_peer: list[str] = field(default_factory=list)
    missing_here: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.ours == self.theirs == self.ours_signed == self.theirs_signed


@dataclass
class SyncReport:
    node: str
    peer: str
    days: list[DayResult]

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.days)

    def totals(self) -> tuple[int, int]:
        sent = sum(d.ours[0] for d in self.days if d.direction == Direction.SENT)
        received = sum(d.ours[0] for d in self.days if d.direction == Direction.RECEIVED)
        return sent, received


def _get(http: httpx.Client, path: str) -> Any:
    try:
        response = http.get(path)
    except httpx.HTTPError as exc:
        raise SyncError(f"cannot reach the peer: {exc}") from exc
    try:
        body = envelope.load_json(response.content)
    except envelope.EnvelopeError:
        body = None  # no body, or not JSON (a proxy's HTML error page)
    if response.status_code != 200:
        reason = body.get("reason", "") if isinstance(body, dict) else ""
        raise SyncError(f"the peer answered HTTP {response.status_code} {reason}".strip())
    if not isinstance(body, dict):
        raise SyncError(f"the peer's answer to {path} is not a JSON object")
    return body


def verify(peer: Peer, node: LocalNode, *, since: dt.date | None = None) -> SyncReport:
    code = peer.party.code
    empty: Figures = (0, manifests.GENESIS)
    with client.peer_client(peer.url, peer.certificate_pem, node) as http:
        query = f"?since={since.isoformat()}" if since else ""
        body = _get(http, client.MANIFESTS_PATH + query)
        theirs: dict[tuple[dt.date, str], tuple[Figures, Figures]] = {}
        for doc in body.get("manifests", []):
            if not manifests.verify_document(doc, peer.signing_public_key):
                raise SyncError(f"a manifest from {code} is not signed by its pinned key: {doc!r}")
            if doc.get("node") != code or doc.get("peer") != node.party:
                raise SyncError(f"{code} sent a manifest between other parties: {doc!r}")
            live = doc.get("live") or {}
            signed = (int(doc["count"]), str(doc["hash"]))
            theirs[(dt.date.fromisoformat(doc["day"]), OPPOSITE[doc["direction"]])] = (
                (int(live.get("count", signed[0])), str(live.get("hash", signed[1]))),
                signed,
            )
        rows = Manifest.objects.filter(party=code)
        if since:
            rows = rows.filter(day__gte=since)
        ours_signed = {(m.day, m.direction): (m.count, m.running_hash) for m in rows}
        results: list[DayResult] = []
        for day, direction in sorted(set(ours_signed) | set(theirs)):
            count, running, _last = manifests.live(code, day, direction)
            their_live, their_signed = theirs.get((day, direction), (empty, empty))
            result = DayResult(
                day,
                direction,
                (count, running),
                their_live,
                ours_signed.get((day, direction), empty),
                their_signed,
            )
            if not result.ok:
                ids = _get(http, f"{client.MANIFESTS_PATH}/{day.isoformat()}/{OPPOSITE[direction]}")["ids"]
                here = set(manifests.source_ids(code, day, direction))
                there = set(ids)
                result.missing_on_peer = sorted(here - there)
                result.missing_here = sorted(there - here)
            results.append(result)
    return SyncReport(node=node.party, peer=code, days=results)


# what each outbox status means for an envelope the peer does not have
OUTBOX_WORDS: dict[str, str] = {
    OutboxStatus.PENDING: "queued, not delivered yet",
    OutboxStatus.DEAD: "dead letter",
    OutboxStatus.DELIVERED: "delivered, then lost",
}


def explain_missing(ids: list[str]) -> dict[str, str]:
    """Why an id we sent is missing on the peer, as far as our outbox knows."""
    rows = OutboxEnvelope.objects.filter(id__in=ids).values_list("id", "status", "refusal_reason")
    return {i: OUTBOX_WORDS[s] + (f": {r}" if r else "") for i, s, r in rows}
