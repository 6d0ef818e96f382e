"""Federation JSON API: the same figures as the peer pages, for the node administrator."""

from __future__ import annotations

from dataclasses import asdict
from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from liaison.core.access import role_required
from liaison.core.models import Officer, RoleCode
from liaison.federation import services, status
from liaison.federation.models import Peer

from .schemas import DeadLetterOut, PeerDetailOut, PeerStatusOut, RetryOut

_ADMIN_ONLY = "only a node administrator sees the federation"

router = Router(tags=["federation"])


def _peer(code: str) -> Peer:
    peer = status.get_peer(code)
    if peer is None:
        raise HttpError(404, f"no peer {code!r}")
    return peer


def _out(s: status.PeerStatus) -> PeerStatusOut:
    fields = asdict(s)
    fields.pop("state_label")
    fields.pop("signing_public_key")
    return PeerStatusOut(**fields)


@router.get("/peers", response=list[PeerStatusOut])
@role_required(RoleCode.ADMIN, message=_ADMIN_ONLY)
def list_peers(request: HttpRequest) -> list[PeerStatusOut]:
    """Every peer with its state (up, retrying, down, and since when), queue depth, last delivery and
    dead-letter count."""
    return [_out(s) for s in status.peer_statuses()]


@router.get("/peers/{code}", response=PeerDetailOut)
@role_required(RoleCode.ADMIN, message=_ADMIN_ONLY)
def get_peer(request: HttpRequest, code: str) -> PeerDetailOut:
    peer = _peer(code)
    base = _out(status.peer_status(peer)).dict()
    dead = [
        DeadLetterOut(
            id=r.id,
            type=r.type,
            seq=r.seq,
            created_at=r.created_at,
            attempts=r.attempts,
            reason=r.refusal_reason,
            detail=r.last_error,
        )
        for r in status.dead_letters(peer)[:500]
    ]
    return PeerDetailOut(**base, dead_letter_list=dead)


@router.post("/peers/{code}/dead-letters/{envelope_id}/retry", response=RetryOut)
@role_required(RoleCode.ADMIN, message=_ADMIN_ONLY)
def retry_dead_letter(request: HttpRequest, code: str, envelope_id: str) -> RetryOut:
    officer = cast(Officer, request.user)
    row = status.dead_letters(_peer(code)).filter(id=envelope_id).first()
    if row is None:
        raise HttpError(404, f"no dead letter {envelope_id!r} for {code}")
    try:
        services.do_retry_dead_letter(row, acting_user=officer)
    except ValidationError as exc:
        raise HttpError(409, "; ".join(exc.messages)) from exc
    return RetryOut(id=row.id, status="pending")
