from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.models import Party

__all__ = ["Peer", "PeerState"]


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
