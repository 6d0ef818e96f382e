"""Threads and messages between units, their attachments, receipts and widening requests.

Distribution follows the TLP 2.0 label of each message (`Message.visibility_q`), the same rule on the
sending and on the receiving node, so pages and API obey it alike:

- CLEAR: every signed-in officer;
- GREEN: every unit of the parties to the exchange (the partner community);
- AMBER: the recipient unit and the units below it, and the sender's unit and the units below it;
- AMBER+STRICT: the recipient unit only (and the sending unit, whose message it is);
- RED: the named officers only (and the author).

On top of the label, a widening granted by the originator's unit adds a unit (and the units below it).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet
from liaison.core.codelists import code_check, code_field
from liaison.core.models import Party, Unit

from ..choices import ReceiptKind, WidenStatus

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = [
    "Attachment",
    "Blob",
    "Message",
    "MessageRead",
    "NamedRecipient",
    "Receipt",
    "Thread",
    "WidenRequest",
    "unit_chain_ids",
]


def unit_chain_ids(officer: Officer) -> set[int]:
    """The officer's unit and every unit above it: a message addressed to any of them reaches the
    officer when the label lets it flow down a subtree (AMBER)."""
    cached: set[int] | None = getattr(officer, "_unit_chain_ids", None)
    if cached is None:
        cached = set()
        if officer.unit_id and officer.unit is not None:
            cached = {officer.unit.pk, *(u.pk for u in officer.unit.ancestors())}
        officer._unit_chain_ids = cached  # type: ignore[attr-defined]
    return cached


class Thread(models.Model):
    """A conversation between two units (of two parties, or of one) on one matter; its messages
    carry the structured header and the text."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    subject_language = models.CharField(_("language of the subject"), max_length=8, blank=True)
    unit_a = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by"))
    unit_b = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened with")
    )
    origin_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by party")
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)
    awaiting_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("awaiting an answer from"),
        help_text=_("The unit the latest message was addressed to"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """A thread shows when at least one of its messages does."""
        return models.Q(pk__in=models.Subquery(Message.objects.visible_to(officer).values("thread_id")))


class Message(models.Model):
    """One message of a thread: a structured header (offence category, TLP label, priority, legal
    basis, case reference) and free text tagged with its language, with the sender's own translation
    into the recipient's language when they wrote one."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("thread")
    )
    sender_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    recipient_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending party")
    )
    author = models.ForeignKey(
        "core.Officer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
        help_text=_("Set on the sending node only"),
    )
    author_name = models.CharField(_("author"), max_length=150)
    offence = code_field("offence", verbose_name=_("offence category"))
    tlp = code_field("tlp", verbose_name=_("TLP label"))
    priority = code_field("priority", verbose_name=_("priority"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    language = models.CharField(_("language of the text"), max_length=8)
    body = models.TextField(_("text"))
    translation = models.TextField(_("the sender's translation"), blank=True)
    translation_language = models.CharField(_("language of the translation"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("sent"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            code_check("offence", "offence"),
            code_check("tlp", "tlp"),
            code_check("priority", "priority"),
        ]
        indexes = [models.Index(fields=["tlp", "recipient_unit"], name="exchange_msg_tlp_recipient")]

    def __str__(self) -> str:
        return f"{self.thread.subject} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """The TLP rule of the module docstring, plus the widenings the originator granted."""
        if not officer.unit_id or officer.unit is None:
            return models.Q(pk__in=[])
        unit_id = officer.unit.pk
        chain = unit_chain_ids(officer)
        party_id = officer.unit.party_id
        named = NamedRecipient.objects.filter(party_code=officer.unit.party.code, username=officer.username)
        granted = WidenRequest.objects.filter(status=WidenStatus.GRANTED, unit_id__in=chain).values(
            "message_id"
        )
        return (
            models.Q(author=officer)
            | models.Q(tlp="clear")
            | models.Q(tlp="green", sender_unit__party_id=party_id)
            | models.Q(tlp="green", recipient_unit__party_id=party_id)
            | models.Q(tlp="amber", recipient_unit_id__in=chain)
            | models.Q(tlp="amber", sender_unit_id__in=chain)
            | models.Q(tlp="amber_strict", recipient_unit_id=unit_id)
            | models.Q(tlp="amber_strict", sender_unit_id=unit_id)
            | models.Q(tlp="red", pk__in=models.Subquery(named.values("message_id")))
            | (~models.Q(tlp="red") & models.Q(pk__in=models.Subquery(granted)))
        )

    @property
    def parties(self) -> list[str]:
        return sorted({self.sender_unit.party.code, self.recipient_unit.party.code})


class NamedRecipient(models.Model):
    """An officer named on a TLP:RED message (by party and user name, which both nodes know): the
    only readers besides its author."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="named_recipients", verbose_name=_("message")
    )
    party_code = models.CharField(_("party"), max_length=2)
    username = models.CharField(_("user name"), max_length=150)

    class Meta:
        ordering = ["party_code", "username"]
        verbose_name = _("named officer")
        verbose_name_plural = _("named officers")
        constraints = [
            models.UniqueConstraint(fields=["message", "party_code", "username"], name="exchange_named_once")
        ]

    def __str__(self) -> str:
        return f"{self.party_code}:{self.username}"


class Blob(models.Model):
    """The bytes of an attachment, stored once by their SHA-256 (the same file sent twice is kept
    once). Until every chunk from the peer has arrived, `complete` is false and nobody can open it."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    file = models.FileField(_("file"), upload_to="exchange/", blank=True)
    complete = models.BooleanField(_("complete"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.sha256


class Attachment(models.Model):
    """A file attached to a message, under the name the sender gave it; the bytes are a `Blob`."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    blob = models.ForeignKey(
        Blob, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("file")
    )
    name = models.CharField(_("file name"), max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """An attachment follows its message's label."""
        return models.Q(message__in=models.Subquery(Message.objects.visible_to(officer).values("pk")))


class Receipt(models.Model):
    """Delivery or read receipt of a message, shown to the sender on their thread."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("message")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReceiptKind.choices)
    at = models.DateTimeField(_("when"))
    by_name = models.CharField(_("by"), max_length=150, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))

    class Meta:
        ordering = ["at"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [models.UniqueConstraint(fields=["message", "kind"], name="exchange_receipt_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class MessageRead(models.Model):
    """An officer of this node opened a message (the first time only): the read receipt and the
    audit trail of who read what."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reads", verbose_name=_("message")
    )
    officer = models.ForeignKey(
        "core.Officer", on_delete=models.CASCADE, related_name="+", verbose_name=_("officer")
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("message read")
        verbose_name_plural = _("messages read")
        constraints = [models.UniqueConstraint(fields=["message", "officer"], name="exchange_read_once")]

    def __str__(self) -> str:
        return f"{self.officer_id} read {self.message_id}"


class WidenRequest(models.Model):
    """A request to pass a message on beyond its label, to one more unit (and the units below it).

    Only the originator's unit decides; the request and the decision travel between the nodes, so
    both enforce the same distribution and both audit it."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="widen_requests", verbose_name=_("message")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("pass on to"))
    reason = models.TextField(_("reason"))
    reason_language = models.CharField(_("language of the reason"), max_length=8, blank=True)
    requested_by_name = models.CharField(_("requested by"), max_length=150)
    requested_by_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting unit")
    )
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(
        _("status"), max_length=10, choices=WidenStatus.choices, default=WidenStatus.REQUESTED
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("request to pass on")
        verbose_name_plural = _("requests to pass on")

    def __str__(self) -> str:
        return f"{self.message_id} → {self.unit_id} ({self.status})"
