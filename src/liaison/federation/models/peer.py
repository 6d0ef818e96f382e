from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from liaison.core.models import Party
from liaison.core.plainsql import column, fetchone, table

__all__ = ["Peer", "PeerState", "pinned_peer"]


class PeerState(models.TextChoices):
    UP = "up", _("up")
    RETRYING = "retrying", _("retrying")
    DOWN = "down", _("down")


class PeerQuerySet(models.QuerySet["Peer"]):
    def active(self) -> PeerQuerySet:
        return self.filter(is_active=True)


class Peer(models.Model):
    """Another party's node, pinned by its TLS certificate and its Ed25519 signing key.

    The delivery columns (state, back-off, lease) are written only by the worker (outbox.py).
    """

    party = models.OneToOneField(
        Party, on_delete=models.PROTECT, related_name="peer", verbose_name=_("party")
    )
    url = models.URLField(_("URL"), max_length=300)
    certificate_pem = models.TextField(_("TLS certificate"))
    certificate_fingerprint = models.CharField(_("certificate SHA-256"), max_length=64, unique=True)
    signing_public_key = models.CharField(
        _("Ed25519 public key"), max_length=64, help_text=_("base64, raw 32 bytes")
    )
    is_active = models.BooleanField(_("active"), default=True)
    added_at = models.DateTimeField(_("added"))
    changed_at = models.DateTimeField(_("changed"))

    state = models.CharField(_("state"), max_length=10, choices=PeerState.choices, default=PeerState.UP)
    state_since = models.DateTimeField(_("state since"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_delivery_at = models.DateTimeField(_("last delivery"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    lease_owner = models.CharField(max_length=80, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    objects = PeerQuerySet.as_manager()

    class Meta:
        ordering = ["party__code"]
        verbose_name = _("peer")
        verbose_name_plural = _("peers")

    def __str__(self) -> str:
        return f"{self.party.code} @ {self.url}"

    @property
    def code(self) -> str:
        return self.party.code


# What a federation request needs of the peer that makes it; the delivery columns stay deferred.
_PINNED_FIELDS = ("id", "party_id", "url", "certificate_fingerprint", "signing_public_key", "is_active")


def pinned_peer(fingerprint: str) -> Peer | None:
    """The active peer pinned with this certificate fingerprint, with its party, or None.

    Every federation request asks this first, so it reads the table every time (a peer removed a
    moment ago, by any process, is refused at once), in plain SQL (core.plainsql). The peer comes
    back with only these columns loaded: the others load when touched, and a save writes only loaded
    columns, so nothing stale can be written back.
    """
    r, p = Peer, Party
    columns = ", ".join(f"r.{column(r, name)}" for name in _PINNED_FIELDS)
    row = fetchone(
        f"SELECT {columns}, p.{column(p, 'code')} FROM {table(r)} r "  # noqa: S608  (names from metadata)
        f"JOIN {table(p)} p ON p.{column(p, 'id')} = r.{column(r, 'party')} "
        f"WHERE r.{column(r, 'certificate_fingerprint')} = %s AND r.{column(r, 'is_active')} = %s",
        [fingerprint, True],
    )
    if row is None:
        return None
    found = Peer.from_db(connection.alias, _PINNED_FIELDS, row[:-1])
    found.is_active = True
    party = Party.from_db(connection.alias, ("id", "code"), (row[1], row[-1]))
    Peer.party.field.set_cached_value(found, party)
    return found
