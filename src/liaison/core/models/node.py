from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .party import Party

__all__ = ["NodeIdentity"]


class NodeIdentity(models.Model):
    """This node: the party it runs for, its Ed25519 signing key and its TLS certificate.

    One row. The private keys stay in files under DATA_DIR (mode 0600), never in the database,
    so a database dump does not leak them.
    """

    party = models.OneToOneField(Party, on_delete=models.PROTECT, verbose_name=_("party"))
    signing_public_key = models.CharField(
        _("Ed25519 public key"), max_length=64, help_text=_("base64, raw 32 bytes")
    )
    signing_key_file = models.CharField(_("signing key file"), max_length=500)
    certificate_pem = models.TextField(_("TLS certificate"))
    certificate_fingerprint = models.CharField(_("certificate SHA-256"), max_length=64)
    tls_key_file = models.CharField(_("TLS key file"), max_length=500)
    public_url = models.URLField(_("public URL"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("node identity")
        verbose_name_plural = _("node identity")

    def __str__(self) -> str:
        return f"{self.party.code} @ {self.public_url}"
