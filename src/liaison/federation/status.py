"""The figures of the peer page and of the JSON API, computed in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from liaison.core import identity
from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer


@dataclass(frozen=True)
class PeerStatus:
    code: str
    name: str
    url: str
    fingerprint: str
    signing_public_key: str
    active: bool
    state: str
    state_label: str
    state_since: dt.datetime | None
    queue_depth: int
    delivered: int
    dead_letters: int
    last_delivery_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    consecutive_failures: int
    last_error: str


def _counts(party_codes: list[str]) -> dict[tuple[str, str], int]:
    rows = (
        OutboxEnvelope.objects.filter(to_party__in=party_codes)
        .values("to_party", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["to_party"], r["status"]): r["n"] for r in rows}


def _status(peer: Peer, counts: dict[tuple[str, str], int]) -> PeerStatus:
    code = peer.party.code
    return PeerStatus(
        code=code,
        name=peer.party.name or code,
        url=peer.url,
        fingerprint=identity.format_fingerprint(peer.certificate_fingerprint),
        signing_public_key=peer.signing_public_key,
        active=peer.is_active,
        state=peer.state,
        state_label=str(peer.get_state_display()),
        state_since=peer.state_since,
        queue_depth=counts.get((code, OutboxStatus.PENDING), 0),
        delivered=counts.get((code, OutboxStatus.DELIVERED), 0),
        dead_letters=counts.get((code, OutboxStatus.DEAD), 0),
        last_delivery_at=peer.last_delivery_at,
        last_attempt_at=peer.last_attempt_at,
        next_attempt_at=peer.next_attempt_at,
        consecutive_failures=peer.consecutive_failures,
        last_error=peer.last_error,
    )


def peer_statuses(*, include_removed: bool = True) -> list[PeerStatus]:
    peers = list(Peer.objects.select_related("party").order_by("party__code"))
    if not include_removed:
        peers = [p for p in peers if p.is_active]
    counts = _counts([p.party.code for p in peers])
    return [_status(p, counts) for p in peers]


def peer_status(peer: Peer) -> PeerStatus:
    return _status(peer, _counts([peer.party.code]))


def dead_letters(peer: Peer) -> QuerySet[OutboxEnvelope]:
    return OutboxEnvelope.objects.filter(to_party=peer.party.code, status=OutboxStatus.DEAD).order_by("seq")


def get_peer(code: str) -> Peer | None:
    return Peer.objects.select_related("party").filter(party__code=code.upper()).first()
