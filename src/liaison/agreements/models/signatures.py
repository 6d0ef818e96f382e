from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.models import Official, Party

from .documents import DocumentVersion

__all__ = ["SignatoryKey", "Signature"]


class SignatoryKey(models.Model):
    """The Ed25519 public key of a signatory, attested by the node of the signatory's party.

    Where keys live: a signatory's private key is generated on their own party's node and kept in a
    file under DATA_DIR/keys/signatories/ (mode 0600), never in the database and never sent anywhere;
    `officer` is the local account allowed to use it. How the peer learns it: the node signs an
    attestation (see `agreements.statements.key_attestation`) with its own Ed25519 key, and the
    attestation travels with every signature envelope. A receiving node accepts the key only if the
    attestation verifies against the node key of the party (the pinned peer key), and stores
    the attesting node key so that `liaison agreements verify` can check the chain offline:
    document text -> content hash -> signatory signature -> signatory key -> node attestation -> node key.
    """

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="signatory_keys", verbose_name=_("official")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatory_keys",
        verbose_name=_("holder on this node"),
    )
    public_key = models.CharField(_("Ed25519 public key"), max_length=64, unique=True)
    attested_at = models.DateTimeField(_("attested"))
    attestation = models.CharField(
        _("node attestation"),
        max_length=120,
        help_text=_("base64 Ed25519 signature of the party's node over the key"),
    )
    node_public_key = models.CharField(_("attesting node key"), max_length=64)
    key_file = models.CharField(_("private key file"), max_length=500, blank=True)

    class Meta:
        ordering = ["party__code", "attested_at"]
        verbose_name = _("signatory key")
        verbose_name_plural = _("signatory keys")

    def __str__(self) -> str:
        return f"{self.party.code} {self.official} ({self.public_key[:8]}…)"


class Signature(models.Model):
    """One party's signature of one document version: Ed25519 by the signatory's key over the
    canonical signing statement, which names the SHA-256 of the version's canonical content."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("document version"),
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="+", verbose_name=_("signatory")
    )
    key = models.ForeignKey(
        SignatoryKey, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("signatory key")
    )
    signed_at = models.DateTimeField(_("signed"))
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64)
    signature = models.CharField(_("signature"), max_length=120)

    class Meta:
        ordering = ["party__code"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="agreements_one_signature_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.version} signed by {self.party.code}"
