from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PRIORITY_RANK", "OutboxEnvelope", "OutboxSequence", "OutboxStatus", "Receipt"]

# The priority codes of core.codelists, as the outbox sorts them: a lower rank is sent first.
PRIORITY_RANK = {"immediate": 0, "urgent": 1, "routine": 2}


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("queued")
    DELIVERED = "delivered", _("delivered")
    DEAD = "dead", _("dead letter")


class OutboxSequence(models.Model):
    """The last sequence number given to an envelope for one party. Locking this row while queueing
    makes sequence order equal commit order, so the worker sends in the order the data was written."""

    to_party = models.CharField(max_length=2, unique=True)
    last_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("outbox sequence")

    def __str__(self) -> str:
        return f"{self.to_party} #{self.last_seq}"


class Receipt(models.Model):
    """A receipt a peer signed for one of our batches: the proof that it got (or refused) them."""

    batch_id = models.CharField(_("batch"), max_length=36, primary_key=True)
    to_party = models.CharField(_("party"), max_length=2)
    received_at = models.DateTimeField(_("received"))
    body = models.JSONField(_("signed receipt"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.batch_id


class OutboxEnvelope(models.Model):
    """One signed envelope for one party, written in the transaction of the change it shares.

    `body` is the envelope exactly as signed; the worker sends it unchanged, as often as needed.
    """

    id = models.CharField(_("envelope id"), max_length=36, primary_key=True)
    to_party = models.CharField(_("to"), max_length=2)
    seq = models.BigIntegerField(_("sequence"))
    # Sent before envelopes of a higher rank to the same party; within one rank, by `seq`.
    priority = models.PositiveSmallIntegerField(_("priority"), default=PRIORITY_RANK["routine"])
    type = models.CharField(_("type"), max_length=80)
    body = models.JSONField(_("envelope"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    created_at = models.DateTimeField(_("queued"))
    attempts = models.PositiveIntegerField(_("refusals"), default=0)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    refusal_reason = models.CharField(_("refusal reason"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)
    receipt = models.ForeignKey(
        Receipt,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="envelopes",
        verbose_name=_("receipt"),
    )

    class Meta:
        ordering = ["to_party", "seq"]
        verbose_name = _("outgoing envelope")
        verbose_name_plural = _("outbox")
        constraints = [
            models.UniqueConstraint(fields=["to_party", "seq"], name="federation_outbox_party_seq")
        ]
        indexes = [
            models.Index(
                fields=["to_party", "status", "priority", "seq"], name="federation_outbox_prio_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.to_party} #{self.seq}"
