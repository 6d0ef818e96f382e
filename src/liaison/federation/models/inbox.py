from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["InboxEnvelope"]


class InboxEnvelope(models.Model):
    """An envelope a peer sent and this node applied, stored once (its id is the primary key).

    `digest` is the SHA-256 of its signed canonical form: the same id arriving again with the same
    digest is a duplicate (acknowledged, not applied again); with another digest it is refused.
    The auto-increment `seq` records the order of application.
    """

    seq = models.BigAutoField(primary_key=True)
    envelope_id = models.CharField(_("envelope id"), max_length=36, unique=True)
    from_party = models.CharField(_("from"), max_length=2)
    type = models.CharField(_("type"), max_length=80)
    created = models.DateTimeField(_("created"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    body = models.JSONField(_("envelope"))
    batch_id = models.CharField(_("batch"), max_length=36)
    received_at = models.DateTimeField(_("received"))
    duplicates_seen = models.PositiveIntegerField(_("duplicates seen"), default=0)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("incoming envelope")
        verbose_name_plural = _("inbox")
        indexes = [models.Index(fields=["from_party", "created"], name="federation_inbox_party_day")]

    def __str__(self) -> str:
        return f"{self.type} ← {self.from_party} {self.envelope_id}"
