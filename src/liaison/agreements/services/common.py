"""Helpers shared by the agreements services: who acts, for which party, and how to reach the peers."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from liaison.core.models import Officer, Party
from liaison.core.node import local_node_or_none, local_party
from liaison.federation import public

log = logging.getLogger("liaison.agreements")


def this_party_code() -> str:
    return local_party()


def this_party() -> Party:
    return Party.objects.get(code=local_party())


def officer_party_code(officer: Officer) -> str:
    if officer.unit_id is None or officer.unit is None:
        raise PermissionDenied(_("Your account belongs to no unit."))
    return officer.unit.party.code


def require_liaison(officer: Officer) -> None:
    if not officer.has_role("liaison"):
        raise PermissionDenied(_("Only liaison officers can prepare meetings and documents."))


def share(
    envelope_type: public.EnvelopeType[Any],
    payload: dict[str, Any],
    parties: list[str],
    refs: list[str] | None = None,
) -> None:
    """Queue `payload` for every other party (inside the caller's transaction: transactional outbox)."""
    own = this_party_code()
    to = sorted({p for p in parties if p != own})
    if to:
        public.share(envelope_type, payload, to_parties=to, refs=refs or [])


def node_signing_key(party_code: str) -> str | None:
    """The Ed25519 node key we trust for a party: our own, or the pinned key of the peer.

    Returns None when federation cannot tell (the peer is not pinned on this node)."""
    node = local_node_or_none()
    if node is not None and node.party == party_code:
        return node.signing_public_key_b64
    return public.node_signing_key(party_code)


def invalid(message: str) -> ValidationError:
    return ValidationError(message)


def clean_reports(reports: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """The other reports of a meeting or document: each its source and its sentence, both kept."""
    return [
        {"source": str(r.get("source") or ""), "quote": str(r.get("quote") or "")}
        for r in reports or []
        if r.get("quote")
    ]
