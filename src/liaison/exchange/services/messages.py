"""Messages: write one (a new thread or a reply), receive one from the peer, open one (the read
receipt), and receive the receipts that come back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit, codelists
from liaison.core.access import scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_party

from ..choices import ReceiptKind
from ..envelopes import FILE_CHUNK, MESSAGE_SENT, RECEIPT
from ..models import Message, MessageRead, NamedRecipient, Receipt, Thread
from . import files
from .common import display_name, require_local, require_writer, share, unit_by_code, when

LANGUAGES = ("vi", "lo", "en", "fr")


@dataclass
class Draft:
    """What an officer writes: the structured header, the text and its language, attachments."""

    offence: str
    tlp: str
    priority: str
    legal_basis: str
    body: str
    language: str
    case_reference: str = ""
    translation: str = ""
    translation_language: str = ""
    named_recipients: list[tuple[str, str]] = field(default_factory=list)  # (party, username)
    attachments: list[files.NewFile] = field(default_factory=list)


def _check_draft(draft: Draft, recipient: Unit) -> None:
    problems: list[str] = []
    for list_name, value in (("offence", draft.offence), ("tlp", draft.tlp), ("priority", draft.priority)):
        if value not in codelists.codes(list_name):
            problems.append(_("%(value)s is not in the closed list.") % {"value": value})
    if not draft.legal_basis.strip():
        problems.append(_("Name the legal basis of this exchange."))
    if not draft.body.strip():
        problems.append(_("Write the message."))
    if draft.language not in LANGUAGES:
        problems.append(_("Say which language the message is written in."))
    if draft.translation.strip() and draft.translation_language not in LANGUAGES:
        problems.append(_("Say which language your translation is in."))
    if draft.translation.strip() and draft.translation_language == draft.language:
        problems.append(_("The translation must be in another language than the message."))
    if draft.tlp == "red" and not draft.named_recipients:
        problems.append(_("A TLP:RED message goes to named officers only: name at least one."))
    if draft.tlp == "red":
        parties = {recipient.party.code, local_party()}
        for party, _username in draft.named_recipients:
            if party not in parties:
                problems.append(_("Named officers belong to the two parties of the exchange."))
                break
    if problems:
        raise ValidationError(problems)
    for new in draft.attachments:
        files.check_file(new)


def message_payload(message: Message) -> dict[str, Any]:
    thread = message.thread
    return {
        "thread": {
            "uid": str(thread.uid),
            "subject": thread.subject,
            "subject_language": thread.subject_language,
            "unit_a": thread.unit_a.code,
            "unit_b": thread.unit_b.code,
            "origin_party": thread.origin_party.code,
            "created_at": thread.created_at.isoformat(),
        },
        "message": {
            "uid": str(message.uid),
            "sender_unit": message.sender_unit.code,
            "recipient_unit": message.recipient_unit.code,
            "party": message.party.code,
            "author_name": message.author_name,
            "offence": message.offence,
            "tlp": message.tlp,
            "priority": message.priority,
            "legal_basis": message.legal_basis,
            "case_reference": message.case_reference,
            "language": message.language,
            "body": message.body,
            "translation": message.translation,
            "translation_language": message.translation_language,
            "named_recipients": [
                {"party": n.party_code, "username": n.username} for n in message.named_recipients.all()
            ],
            "created_at": message.created_at.isoformat(),
            "attachments": [files.describe(a) for a in message.attachments.select_related("blob")],
        },
    }


def _touch_thread(thread: Thread, message: Message) -> None:
    if thread.last_message_at is None or message.created_at >= thread.last_message_at:
        thread.last_message_at = message.created_at
        thread.awaiting_unit = message.recipient_unit
        thread.save(update_fields=["last_message_at", "awaiting_unit"])


def _reply_units(officer: Officer, thread: Thread) -> tuple[Unit, Unit]:
    """(sender, recipient) of a reply: the thread's unit in the officer's scope writes to the other."""
    scope = scope_unit_ids(officer)
    if thread.unit_a_id in scope and thread.unit_a.party.code == local_party():
        return thread.unit_a, thread.unit_b
    if thread.unit_b_id in scope and thread.unit_b.party.code == local_party():
        return thread.unit_b, thread.unit_a
    raise PermissionDenied(_("Only the two units of this thread (and the units above them) answer in it."))


def check_send_message(
    draft: Draft,
    *,
    acting_user: Officer,
    recipient_unit: Unit | None = None,
    subject: str = "",
    thread: Thread | None = None,
) -> Message:
    """Write a message: a new thread to `recipient_unit`, or a reply in `thread` (which the caller
    looked up through the officer's scope). Queued for the recipient's party in the same transaction."""
    require_writer(acting_user)
    own_unit = require_local(acting_user)
    if thread is None:
        if recipient_unit is None:
            raise ValidationError(_("Choose the unit you write to."))
        if recipient_unit.pk == own_unit.pk:
            raise ValidationError(_("Write to another unit than your own."))
        if not subject.strip():
            raise ValidationError(_("Give the thread a subject."))
        sender, recipient = own_unit, recipient_unit
    else:
        sender, recipient = _reply_units(acting_user, thread)
    _check_draft(draft, recipient)
    now = timezone.now()
    with transaction.atomic():
        if thread is None:
            thread = Thread.objects.create(
                subject=subject.strip()[:200],
                subject_language=draft.language,
                unit_a=sender,
                unit_b=recipient,
                origin_party=sender.party,
                created_at=now,
            )
        message = Message.objects.create(
            thread=thread,
            sender_unit=sender,
            recipient_unit=recipient,
            party=sender.party,
            author=acting_user,
            author_name=display_name(acting_user),
            offence=draft.offence,
            tlp=draft.tlp,
            priority=draft.priority,
            legal_basis=draft.legal_basis.strip()[:300],
            case_reference=draft.case_reference.strip()[:100],
            language=draft.language,
            body=draft.body.strip(),
            translation=draft.translation.strip(),
            translation_language=draft.translation_language if draft.translation.strip() else "",
            created_at=now,
        )
        if draft.tlp == "red":
            NamedRecipient.objects.bulk_create(
                [
                    NamedRecipient(message=message, party_code=p, username=u)
                    for p, u in sorted(set(draft.named_recipients))
                ]
            )
        attachments = [files.store(new, message) for new in draft.attachments]
        _touch_thread(thread, message)
        remote = recipient.party.code != local_party()
        if not remote:  # within the party: delivered the moment it is written
            Receipt.objects.create(message=message, kind=ReceiptKind.DELIVERED, at=now, party=recipient.party)
            message.delivered_at = now
            message.save(update_fields=["delivered_at"])
        audit.record(
            AuditEventType.MESSAGE_SENT,
            actor=acting_user,
            target=message,
            extra={
                "thread": str(thread.uid),
                "to": recipient.code,
                "tlp": draft.tlp,
                "offence": draft.offence,
                "priority": draft.priority,
                "attachments": [{"name": a.name, "sha256": a.blob.sha256} for a in attachments],
            },
        )
        if remote:
            refs = [str(message.uid)]
            share(MESSAGE_SENT, message_payload(message), [recipient.party.code], refs)
            sent: set[str] = set()
            for attachment in attachments:
                if attachment.blob.sha256 in sent:
                    continue
                sent.add(attachment.blob.sha256)
                for chunk in files.chunk_payloads(attachment.blob):
                    share(FILE_CHUNK, chunk, [recipient.party.code], refs)
    return message


def store_message(payload: dict[str, Any], *, delivered_at: Any, is_demo: bool = False) -> Message:
    """Store a thread (if new) and a message from an `exchange.message.sent` payload whose sender the
    caller has checked (the inbox handler below, or the demo loader, which writes the same history on
    both nodes)."""
    data, head = payload["message"], payload["thread"]
    sender, recipient = unit_by_code(data["sender_unit"]), unit_by_code(data["recipient_unit"])
    thread = Thread.objects.filter(uid=uuid.UUID(head["uid"])).first()
    if thread is None:
        unit_a, unit_b = unit_by_code(head["unit_a"]), unit_by_code(head["unit_b"])
        thread = Thread.objects.create(
            uid=uuid.UUID(head["uid"]),
            subject=str(head["subject"])[:200],
            subject_language=head.get("subject_language", ""),
            unit_a=unit_a,
            unit_b=unit_b,
            origin_party=Party.objects.get(code=head["origin_party"]),
            created_at=when(head["created_at"]),
            is_demo=is_demo,
        )
    if {sender.pk, recipient.pk} != {thread.unit_a_id, thread.unit_b_id}:
        raise ValueError(f"message {data['uid']} is between other units than its thread")
    message = Message.objects.create(
        uid=uuid.UUID(data["uid"]),
        thread=thread,
        sender_unit=sender,
        recipient_unit=recipient,
        party=sender.party,
        author_name=str(data["author_name"])[:150],
        offence=data["offence"],
        tlp=data["tlp"],
        priority=data["priority"],
        legal_basis=str(data["legal_basis"])[:300],
        case_reference=str(data.get("case_reference", ""))[:100],
        language=data["language"],
        body=data["body"],
        translation=data.get("translation", ""),
        translation_language=data.get("translation_language", ""),
        created_at=when(data["created_at"]),
        delivered_at=delivered_at,
        is_demo=is_demo,
    )
    NamedRecipient.objects.bulk_create(
        [
            NamedRecipient(message=message, party_code=n["party"], username=n["username"])
            for n in data["named_recipients"]
        ]
    )
    for meta in data.get("attachments", []):
        files.announce(meta, message)
    _touch_thread(thread, message)
    Receipt.objects.create(
        message=message, kind=ReceiptKind.DELIVERED, at=delivered_at, party=recipient.party
    )
    return message


def receive_message(payload: dict[str, Any], *, from_party: str) -> Message:
    """Apply an `exchange.message.sent` envelope: store thread and message, announce attachments,
    and send the delivery receipt back."""
    data = payload["message"]
    existing = Message.objects.filter(uid=uuid.UUID(data["uid"])).first()
    if existing is not None:
        return existing
    sender, recipient = unit_by_code(data["sender_unit"]), unit_by_code(data["recipient_unit"])
    if data["party"] != from_party or sender.party.code != from_party:
        raise ValueError(f"{from_party} cannot send a message on behalf of {data['sender_unit']}")
    if recipient.party.code != local_party():
        raise ValueError(f"message to {recipient.code} is not addressed to this party")
    for list_name in ("offence", "tlp", "priority"):
        if data[list_name] not in codelists.codes(list_name):
            raise ValueError(f"{list_name} {data[list_name]!r} is not in the closed list")
    if data["tlp"] == "red" and not data["named_recipients"]:
        raise ValueError("a TLP:RED message names no officer")
    now = timezone.now()
    message = store_message(payload, delivered_at=now)
    thread = message.thread
    audit.record(
        AuditEventType.MESSAGE_RECEIVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=message,
        extra={"thread": str(thread.uid), "from": sender.code, "to": recipient.code, "tlp": message.tlp},
    )
    share(
        RECEIPT,
        {"message": str(message.uid), "kind": ReceiptKind.DELIVERED, "at": now.isoformat(), "by_name": ""},
        [from_party],
        [str(message.uid)],
    )
    return message


def is_recipient_side(officer: Officer, message: Message) -> bool:
    """Whether the officer reads for the recipient (their opening counts as the message being read)."""
    unit = officer.unit
    return (
        unit is not None
        and unit.party_id == message.recipient_unit.party_id
        and message.author_id != officer.pk
        and unit.pk != message.sender_unit_id
    )


def do_mark_read(message: Message, *, acting_user: Officer) -> bool:
    """Record that the officer opened the message (the caller checked they may see it). The first
    opening by the recipient's side is the read receipt, sent back to the sender. Returns whether
    this was the officer's first opening (its author opening it is no reading)."""
    if message.author_id is not None and message.author_id == acting_user.pk:
        return False
    now = timezone.now()
    with transaction.atomic():
        _read, created = MessageRead.objects.get_or_create(
            message=message, officer=acting_user, defaults={"at": now}
        )
        if not created:
            return False
        audit.record(
            AuditEventType.MESSAGE_READ,
            actor=acting_user,
            target=message,
            extra={"tlp": message.tlp, "thread": str(message.thread.uid)},
        )
        if is_recipient_side(acting_user, message) and message.read_at is None:
            locked = Message.objects.select_for_update().get(pk=message.pk)
            if locked.read_at is None:
                locked.read_at = now
                locked.save(update_fields=["read_at"])
                message.read_at = now
                by = display_name(acting_user)
                Receipt.objects.get_or_create(
                    message=locked,
                    kind=ReceiptKind.READ,
                    defaults={"at": now, "by_name": by, "party": message.recipient_unit.party},
                )
                share(
                    RECEIPT,
                    {
                        "message": str(message.uid),
                        "kind": ReceiptKind.READ,
                        "at": now.isoformat(),
                        "by_name": by,
                    },
                    [message.party.code],
                    [str(message.uid)],
                )
    return True


def receive_receipt(payload: dict[str, Any], *, from_party: str) -> Receipt | None:
    """Apply an `exchange.message.receipt`: the recipient's node says the message arrived, or was read."""
    message = (
        Message.objects.select_related("recipient_unit__party")
        .filter(uid=uuid.UUID(payload["message"]))
        .first()
    )
    if message is None:
        raise ValueError(f"receipt for unknown message {payload['message']}")
    if message.recipient_unit.party.code != from_party:
        raise ValueError(f"{from_party} is not the recipient of message {message.uid}")
    if payload["kind"] not in ReceiptKind.values:
        raise ValueError(f"unknown receipt kind {payload['kind']!r}")
    at = when(payload["at"])
    receipt, created = Receipt.objects.get_or_create(
        message=message,
        kind=payload["kind"],
        defaults={
            "at": at,
            "by_name": str(payload.get("by_name", ""))[:150],
            "party": message.recipient_unit.party,
        },
    )
    if not created:
        return receipt
    column = "delivered_at" if payload["kind"] == ReceiptKind.DELIVERED else "read_at"
    setattr(message, column, at)
    message.save(update_fields=[column])
    audit.record(
        AuditEventType.RECEIPT_RECEIVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=message,
        extra={"kind": payload["kind"], "at": payload["at"], "by": payload.get("by_name", "")},
    )
    return receipt


def do_read_attachment(attachment: Any, *, acting_user: Officer) -> None:
    """Audit the opening of an attachment (the caller checked the officer may see it)."""
    audit.record(
        AuditEventType.ATTACHMENT_READ,
        actor=acting_user,
        target=attachment,
        extra={
            "name": attachment.name,
            "sha256": attachment.blob.sha256,
            "message": str(attachment.message.uid),
        },
    )
