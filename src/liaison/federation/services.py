"""Federation actions (STYLE.md rules 2-4): peering and dead-letter retries. Each takes the acting
officer (None for the command line), runs in one transaction and writes its audit row."""

from __future__ import annotations

import os
import tempfile
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit, identity
from liaison.core import services as core_services
from liaison.core.models import AuditEventType, Officer, Party
from liaison.core.node import local_node_or_none
from liaison.core.server import trusted_peers_file
from liaison.federation.client import PeerIdentity, PeeringError, fetch_identity
from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer, PeerState

__all__ = [
    "PeeringError",
    "check_add_peer",
    "do_add_peer",
    "do_remove_peer",
    "do_retry_dead_letter",
    "write_trusted_peers",
]

AddOutcome = Literal["added", "unchanged", "updated"]


def write_trusted_peers() -> None:
    """Rewrite DATA_DIR/trusted_peers.pem with every active peer's certificate (atomically); the
    server re-reads it within a second."""
    pems = [p.certificate_pem.strip() + "\n" for p in Peer.objects.active().order_by("party__code")]
    path = trusted_peers_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".trusted_peers.")
    with os.fdopen(fd, "w") as handle:
        handle.write("".join(pems))
    os.replace(tmp, path)


def check_add_peer(
    url: str, fingerprint: str, *, replace: bool = False, acting_user: Officer | None
) -> tuple[Peer, AddOutcome]:
    """Connect to `url`, check its certificate against `fingerprint` and pin what it presents."""
    try:
        hex_fp = identity.parse_fingerprint(fingerprint)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    url = url.strip().rstrip("/")
    if not url.startswith("https://"):
        raise ValidationError(_("The peer's URL must start with https://."))
    found = fetch_identity(url, hex_fp)
    return do_add_peer(found, replace=replace, acting_user=acting_user)


def do_add_peer(
    found: PeerIdentity, *, replace: bool = False, acting_user: Officer | None
) -> tuple[Peer, AddOutcome]:
    node = local_node_or_none()
    if node is None:
        raise ValidationError(_("This node is not initialised."))
    if found.party == node.party:
        raise ValidationError(_("That URL is this node's own party (%(code)s).") % {"code": found.party})
    with transaction.atomic():
        party = Party.objects.filter(code=found.party).first()
        if party is None:
            party = core_services.do_save_party(found.party, names={}, language="en", acting_user=acting_user)
        peer = Peer.objects.select_for_update().filter(party=party).first()
        now = timezone.now()
        after = {
            "url": found.url,
            "fingerprint": found.fingerprint,
            "signing_key": found.signing_public_key,
            "active": True,
        }
        if peer is None:
            other = Peer.objects.filter(certificate_fingerprint=found.fingerprint).first()
            if other is not None:
                raise ValidationError(
                    _("That certificate is pinned already for party %(code)s.") % {"code": other.party.code}
                )
            peer = Peer.objects.create(
                party=party,
                url=found.url,
                certificate_pem=found.certificate_pem,
                certificate_fingerprint=found.fingerprint,
                signing_public_key=found.signing_public_key,
                added_at=now,
                changed_at=now,
                state=PeerState.UP,
                state_since=now,
            )
            audit.record(
                AuditEventType.PEER_ADDED,
                actor=acting_user,
                target=peer,
                extra={"party": party.code, **after},
            )
            outcome: AddOutcome = "added"
        else:
            before = {
                "url": peer.url,
                "fingerprint": peer.certificate_fingerprint,
                "signing_key": peer.signing_public_key,
                "active": peer.is_active,
            }
            if before == after:
                return peer, "unchanged"
            key_changed = (before["fingerprint"], before["signing_key"]) != (
                found.fingerprint,
                found.signing_public_key,
            )
            if key_changed and peer.is_active and not replace:
                raise ValidationError(
                    _(
                        "Party %(code)s is pinned already with another certificate or key. Re-pinning "
                        "replaces its identity: confirm with --replace."
                    )
                    % {"code": party.code}
                )
            peer.url, peer.certificate_pem = found.url, found.certificate_pem
            peer.certificate_fingerprint, peer.signing_public_key = (
                found.fingerprint,
                found.signing_public_key,
            )
            peer.is_active, peer.changed_at = True, now
            peer.save(
                update_fields=[
                    "url",
                    "certificate_pem",
                    "certificate_fingerprint",
                    "signing_public_key",
                    "is_active",
                    "changed_at",
                ]
            )
            audit.record(
                AuditEventType.PEER_CHANGED,
                actor=acting_user,
                target=peer,
                extra={"party": party.code, "before": before, "after": after},
            )
            outcome = "updated"
        transaction.on_commit(write_trusted_peers)
    return peer, outcome


def do_remove_peer(peer: Peer, *, acting_user: Officer | None) -> None:
    """Unpin a peer: its requests are refused from now on (`unknown_peer`) and nothing is sent to it.
    Its queue, inbox and manifests are kept."""
    with transaction.atomic():
        peer.is_active = False
        peer.changed_at = timezone.now()
        peer.save(update_fields=["is_active", "changed_at"])
        audit.record(
            AuditEventType.PEER_CHANGED,
            actor=acting_user,
            target=peer,
            extra={"party": peer.party.code, "removed": True, "fingerprint": peer.certificate_fingerprint},
        )
        transaction.on_commit(write_trusted_peers)


def do_retry_dead_letter(row: OutboxEnvelope, *, acting_user: Officer | None) -> None:
    """Put a dead letter back in the queue: the worker sends it again with the next batch."""
    with transaction.atomic():
        row = OutboxEnvelope.objects.select_for_update().get(pk=row.pk)
        if row.status != OutboxStatus.DEAD:
            raise ValidationError(_("Only a dead letter can be retried."))
        before = {"attempts": row.attempts, "reason": row.refusal_reason, "error": row.last_error}
        row.status, row.attempts, row.not_before = OutboxStatus.PENDING, 0, None
        row.save(update_fields=["status", "attempts", "not_before"])
        audit.record(
            AuditEventType.DEAD_LETTER_RETRIED,
            actor=acting_user,
            target=row,
            extra={"to": row.to_party, "type": row.type, "before": before},
        )
