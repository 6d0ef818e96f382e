"""Passing a message on beyond its label: an officer who reads it asks to add one more unit; only
the originator's unit (on the originator's node) grants or denies. Request and decision travel as
envelopes between the two parties of the message, and both nodes audit both steps, so both enforce
the same distribution."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Unit
from liaison.core.node import local_party

from ..choices import WidenStatus
from ..envelopes import WIDEN_DECIDED, WIDEN_REQUESTED
from ..models import Message, WidenRequest
from .common import display_name, officer_unit, require_writer, share, unit_by_code, when


def request_payload(request: WidenRequest) -> dict[str, Any]:
    return {
        "uid": str(request.uid),
        "message": str(request.message.uid),
        "unit": request.unit.code,
        "reason": request.reason,
        "reason_language": request.reason_language,
        "requested_by_name": request.requested_by_name,
        "requested_by_unit": request.requested_by_unit.code,
        "requested_at": request.requested_at.isoformat(),
    }


def can_decide(officer: Officer, message: Message) -> bool:
    """The originator's unit (or a unit above it) decides, on the originator's node."""
    return (
        message.party.code == local_party()
        and officer.has_role("officer", "duty_officer", "liaison")
        and message.sender_unit_id in scope_unit_ids(officer)
    )


def check_request_widen(
    message: Message, *, unit: Unit, reason: str, language: str = "", acting_user: Officer
) -> WidenRequest:
    """Ask the originator to let `message` reach `unit` (the caller checked the officer reads it)."""
    require_writer(acting_user)
    own = officer_unit(acting_user)
    if own.party.code != local_party():
        raise PermissionDenied(_("You act on your own party's node."))
    if message.tlp == "red":
        raise ValidationError(
            _("A TLP:RED message stays with its named officers: ask its author to write to others.")
        )
    if message.tlp == "clear":
        raise ValidationError(_("A TLP:CLEAR message may be passed on freely."))
    if not reason.strip():
        raise ValidationError(_("Say why the message should be passed on."))
    if unit.pk in (message.sender_unit_id, message.recipient_unit_id):
        raise ValidationError(_("That unit already receives this message."))
    if WidenRequest.objects.filter(
        message=message, unit=unit, status__in=[WidenStatus.REQUESTED, WidenStatus.GRANTED]
    ).exists():
        raise ValidationError(_("That unit has been asked for already."))
    with transaction.atomic():
        request = WidenRequest.objects.create(
            message=message,
            unit=unit,
            reason=reason.strip(),
            reason_language=language,
            requested_by_name=display_name(acting_user),
            requested_by_unit=own,
            requested_at=timezone.now(),
        )
        audit.record(
            AuditEventType.WIDEN_REQUESTED,
            actor=acting_user,
            target=message,
            extra={"request": str(request.uid), "unit": unit.code, "tlp": message.tlp},
        )
        share(WIDEN_REQUESTED, request_payload(request), message.parties, [str(message.uid)])
    return request


def check_decide_widen(
    request: WidenRequest, *, grant: bool, note: str = "", acting_user: Officer
) -> WidenRequest:
    """Grant or deny a request to pass a message on (the originator's unit only)."""
    message = request.message
    if not can_decide(acting_user, message):
        raise PermissionDenied(_("Only the unit that wrote the message decides who else may read it."))
    with transaction.atomic():
        locked = WidenRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != WidenStatus.REQUESTED:
            raise ValidationError(_("This request has been decided already."))
        locked.status = WidenStatus.GRANTED if grant else WidenStatus.DENIED
        locked.decided_by_name = display_name(acting_user)
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by_name", "decided_at", "decision_note"])
        audit.record(
            AuditEventType.WIDEN_DECIDED,
            actor=acting_user,
            target=message,
            extra={"request": str(locked.uid), "unit": locked.unit.code, "status": locked.status},
        )
        share(
            WIDEN_DECIDED,
            {
                "request": request_payload(locked),
                "status": locked.status,
                "decided_by_name": locked.decided_by_name,
                "decided_at": locked.decided_at.isoformat(),
                "note": locked.decision_note,
            },
            message.parties,
            [str(message.uid)],
        )
    return locked


def _message(uid: str) -> Message:
    message = (
        Message.objects.select_related("sender_unit__party", "recipient_unit__party", "party")
        .filter(uid=uuid.UUID(uid))
        .first()
    )
    if message is None:
        raise ValueError(f"unknown message {uid}")
    return message


def _store_request(data: dict[str, Any], message: Message) -> tuple[WidenRequest, bool]:
    return WidenRequest.objects.get_or_create(
        uid=uuid.UUID(data["uid"]),
        defaults={
            "message": message,
            "unit": unit_by_code(data["unit"]),
            "reason": data["reason"],
            "reason_language": data.get("reason_language", ""),
            "requested_by_name": str(data["requested_by_name"])[:150],
            "requested_by_unit": unit_by_code(data["requested_by_unit"]),
            "requested_at": when(data["requested_at"]),
        },
    )


def receive_request(data: dict[str, Any], *, from_party: str) -> WidenRequest:
    message = _message(data["message"])
    if from_party not in message.parties:
        raise ValueError(f"{from_party} is not a party to message {message.uid}")
    if unit_by_code(data["requested_by_unit"]).party.code != from_party:
        raise ValueError(f"{from_party} asks on behalf of another party's unit")
    request, created = _store_request(data, message)
    if created:
        audit.record(
            AuditEventType.WIDEN_REQUESTED,
            actor=None,
            actor_name=f"peer:{from_party}",
            target=message,
            extra={"request": data["uid"], "unit": data["unit"], "by": data["requested_by_name"]},
        )
    return request


def receive_decision(payload: dict[str, Any], *, from_party: str) -> WidenRequest:
    data = payload["request"]
    message = _message(data["message"])
    if message.party.code != from_party:
        raise ValueError(f"only the originator ({message.party.code}) decides on message {message.uid}")
    if payload["status"] not in (WidenStatus.GRANTED, WidenStatus.DENIED):
        raise ValueError(f"not a decision: {payload['status']!r}")
    request, _created = _store_request(data, message)
    if request.status != WidenStatus.REQUESTED:
        return request
    request.status = payload["status"]
    request.decided_by_name = str(payload["decided_by_name"])[:150]
    request.decided_at = when(payload["decided_at"])
    request.decision_note = payload.get("note", "")
    request.save(update_fields=["status", "decided_by_name", "decided_at", "decision_note"])
    audit.record(
        AuditEventType.WIDEN_DECIDED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=message,
        extra={"request": data["uid"], "unit": data["unit"], "status": request.status},
    )
    return request
