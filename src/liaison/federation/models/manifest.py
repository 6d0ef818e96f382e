from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Direction", "Manifest"]


class Direction(models.TextChoices):
    SENT = "sent", _("sent")
    RECEIVED = "received", _("received")


class Manifest(models.Model):
    """Per peer, per UTC day (of the envelopes' `created`), per direction: how many envelope ids and
    a running SHA-256 over them in sorted order, signed by this node. Two nodes that agree on both
    directions of every day have lost nothing between them."""

    party = models.CharField(_("peer party"), max_length=2)
    day = models.DateField(_("day"))
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    count = models.PositiveIntegerField(_("envelopes"), default=0)
    running_hash = models.CharField(_("running hash"), max_length=64)
    last_id = models.CharField(max_length=36, blank=True)
    signature = models.CharField(_("signature"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["party", "day", "direction"]
        verbose_name = _("manifest")
        verbose_name_plural = _("manifests")
        constraints = [
            models.UniqueConstraint(fields=["party", "day", "direction"], name="federation_manifest_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.day} {self.direction}: {self.count}"
