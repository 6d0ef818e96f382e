"""Assistance requests between the parties: send, receive, accept, answer, decline, remind.

Only the requested party's node changes a request's status (its officers act on it); the change
travels back as `cases.request.updated`. A request quoting a hit reference is answered, if the
requested officer chooses, with the details of the record behind the reference."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_party

from ..choices import REQUEST_TRANSITIONS, RequestStatus, TimelineKind, Urgency
from ..envelopes import REQUEST_SENT, REQUEST_UPDATED
from ..models import Arrangement, AssistanceRequest, Case, ReceivedHitQuery
from ..models.requests import DEFAULT_HOURS
from .cases import _author, do_add_event
from .common import clean_text, officer_unit, require_case_role, share

__all__ = [
    "check_send_request",
    "check_update_request",
    "deadline_for",
    "do_remind_request",
    "do_save_arrangement",
    "receive_request",
    "receive_request_update",
    "record_details",
]


def arrangement_for(a: str, b: str) -> Arrangement | None:
    first, second = sorted((a, b))
    return Arrangement.objects.filter(party_a__code=first, party_b__code=second).first()


def deadline_for(from_party: str, to_party: str, urgency: str, asked_at: dt.datetime) -> dt.datetime:
    """When the answer is due: the hours the two parties' arrangement sets for this urgency."""
    arrangement = arrangement_for(from_party, to_party)
    hours = arrangement.hours(urgency) if arrangement else DEFAULT_HOURS[Urgency(urgency)]
    return asked_at + dt.timedelta(hours=hours)


def do_save_arrangement(
    a: Party,
    b: Party,
    *,
    immediate_hours: int,
    urgent_hours: int,
    routine_hours: int,
    legal_basis: str = "",
    acting_user: Officer | None,
) -> Arrangement:
    """Set the deadlines of one pair of parties (node administrators; the demo)."""
    if acting_user is not None and not acting_user.has_role("admin"):
        raise PermissionDenied(_("Only node administrators set bilateral arrangements."))
    if min(immediate_hours, urgent_hours, routine_hours) < 1:
        raise ValidationError(_("A deadline is at least one hour."))
    first, second = sorted((a, b), key=lambda p: p.code)
    with transaction.atomic():
        arrangement, _created = Arrangement.objects.update_or_create(
            party_a=first,
            party_b=second,
            defaults={
                "immediate_hours": immediate_hours,
                "urgent_hours": urgent_hours,
                "routine_hours": routine_hours,
                "legal_basis": legal_basis,
            },
        )
        audit.record(
            AuditEventType.CASE_SAVED,
            actor=acting_user,
            target=arrangement,
            extra={"hours": [immediate_hours, urgent_hours, routine_hours]},
        )
    return arrangement


def _payload(req: AssistanceRequest) -> dict[str, Any]:
    return {
        "uid": str(req.uid),
        "case_uid": str(req.case.uid) if req.case else None,
        "case_reference": req.case_reference,
        "from_unit": req.from_unit.code,
        "to_unit": req.to_unit.code,
        "urgency": req.urgency,
        "subject": req.subject,
        "body": req.body,
        "language": req.language,
        "hit_reference": req.hit_reference,
        "asked_by_name": req.asked_by_name,
        "asked_at": req.asked_at.isoformat(),
        "deadline": req.deadline.isoformat(),
    }


def check_send_request(
    *,
    case: Case | None,
    to_unit: Unit,
    urgency: str,
    subject: str,
    body: str = "",
    language: str = "",
    hit_reference: str = "",
    acting_user: Officer,
    from_unit: Unit | None = None,
    uid: uuid.UUID | None = None,
    asked_at: dt.datetime | None = None,
    is_demo: bool = False,
    send: bool = True,
) -> AssistanceRequest:
    """Ask a unit of another party for assistance; the deadline follows the bilateral arrangement."""
    require_case_role(acting_user)
    from_unit = from_unit or officer_unit(acting_user)
    own = local_party()
    if from_unit.party.code != own:
        raise PermissionDenied(_("Requests are sent from a unit of this node's party."))
    if to_unit.party.code == own:
        raise ValidationError(_("Ask a unit of another party."))
    if urgency not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    subject = clean_text(subject, label=_("Subject"), max_chars=300)
    hit_reference = clean_text(hit_reference or "", label=_("Hit reference"), max_chars=40, required=False)
    if case is not None and to_unit.party.code not in case.party_codes():
        raise ValidationError(_("The requested party is not a party to this case."))
    asked_at = asked_at or timezone.now()
    with transaction.atomic():
        req = AssistanceRequest.objects.create(
            uid=uid or uuid.uuid4(),
            case=case,
            case_reference=case.reference if case else "",
            from_party=from_unit.party,
            to_party=to_unit.party,
            from_unit=from_unit,
            to_unit=to_unit,
            urgency=urgency,
            subject=subject,
            body=body,
            language=language,
            hit_reference=hit_reference,
            asked_by_name=_author(acting_user),
            asked_at=asked_at,
            deadline=deadline_for(own, to_unit.party.code, urgency, asked_at),
            is_demo=is_demo,
        )
        if case is not None:
            do_add_event(case, TimelineKind.REQUEST, _route(req), author_name=req.asked_by_name)
        audit.record(
            AuditEventType.REQUEST_SENT,
            actor=acting_user,
            target=req,
            extra={"to": to_unit.code, "urgency": urgency, "hit_reference": hit_reference},
        )
        if send:
            share(REQUEST_SENT, _payload(req), [to_unit.party.code])
    return req


def _route(req: AssistanceRequest) -> str:
    """A request's line in the case timeline: who asked whom, and the status. Not the subject: the
    timeline is seen by every unit working the case, a request only by its two units."""
    return f"{req.from_unit.code} → {req.to_unit.code} · {req.get_status_display()}"


def _parse_time(value: str) -> dt.datetime:
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"not an aware date-time: {value!r}")
    return parsed


def receive_request(payload: dict[str, Any], *, from_party: str) -> AssistanceRequest:
    """Apply `cases.request.sent`: a peer's unit asks one of this party's units."""
    existing = AssistanceRequest.objects.filter(uid=uuid.UUID(payload["uid"])).first()
    if existing is not None:
        return existing
    from_unit = Unit.objects.filter(code=payload["from_unit"]).select_related("party").first()
    to_unit = Unit.objects.filter(code=payload["to_unit"]).select_related("party").first()
    if from_unit is None or to_unit is None:
        raise ValueError("unknown unit in the request")
    if from_unit.party.code != from_party or to_unit.party.code != local_party():
        raise ValueError("the request is not from the sender to this party")
    if payload["urgency"] not in Urgency.values:
        raise ValueError(f"unknown urgency {payload['urgency']!r}")
    case = (
        Case.objects.filter(uid=uuid.UUID(payload["case_uid"])).first() if payload.get("case_uid") else None
    )
    req = AssistanceRequest.objects.create(
        uid=uuid.UUID(payload["uid"]),
        case=case,
        case_reference=payload.get("case_reference", "")[:60],
        from_party=from_unit.party,
        to_party=to_unit.party,
        from_unit=from_unit,
        to_unit=to_unit,
        urgency=payload["urgency"],
        subject=payload["subject"][:300],
        body=payload.get("body", ""),
        language=payload.get("language", ""),
        hit_reference=payload.get("hit_reference", "")[:40],
        asked_by_name=payload.get("asked_by_name", "")[:150],
        asked_at=_parse_time(payload["asked_at"]),
        deadline=_parse_time(payload["deadline"]),
    )
    if case is not None:
        do_add_event(case, TimelineKind.REQUEST, _route(req), party=from_party, author_name=req.asked_by_name)
    audit.record(
        AuditEventType.REQUEST_RECEIVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=req,
        extra={"to": to_unit.code, "urgency": req.urgency, "hit_reference": req.hit_reference},
    )
    from ..tasks import schedule_reminders

    transaction.on_commit(lambda: schedule_reminders(req))
    return req


def record_details(req: AssistanceRequest) -> str:
    """The record behind the request's hit reference, as text for the answer (names, date of birth,
    sex, nationality, documents), if the reference was given to the requesting party."""
    if not req.hit_reference:
        return ""
    received = (
        ReceivedHitQuery.objects.filter(reference=req.hit_reference, from_party=req.from_party)
        .select_related("entity")
        .first()
    )
    if received is None or received.entity is None:
        return ""
    entity = received.entity
    lines = [_("Names: %(names)s") % {"names": " / ".join(entity.name_list()) or entity.label}]
    if entity.birth_date:
        lines.append(_("Date of birth: %(date)s") % {"date": entity.birth_date})
    if entity.sex:
        lines.append(_("Sex: %(sex)s") % {"sex": entity.sex})
    if entity.nationality:
        lines.append(_("Nationality: %(code)s") % {"code": entity.nationality})
    if entity.documents:
        lines.append(_("Documents: %(numbers)s") % {"numbers": ", ".join(entity.documents)})
    if entity.notes:
        lines.append(entity.notes)
    return "\n".join(lines)


def check_update_request(
    req: AssistanceRequest,
    *,
    status: str,
    answer: str = "",
    language: str = "",
    include_record: bool = False,
    acting_user: Officer,
) -> AssistanceRequest:
    """The requested unit accepts, answers or declines; the requesting node learns it by envelope."""
    require_case_role(acting_user)
    if req.to_party.code != local_party() or req.to_unit_id not in scope_unit_ids(acting_user):
        raise PermissionDenied(_("Only officers of the requested unit act on this request."))
    if status in (RequestStatus.ANSWERED, RequestStatus.DECLINED):
        answer = answer.strip()
        details = record_details(req) if include_record and status == RequestStatus.ANSWERED else ""
        if include_record and status == RequestStatus.ANSWERED and not details:
            raise ValidationError(_("No record of this node is behind the request's hit reference."))
        answer = "\n\n".join(part for part in (answer, details) if part)
        if not answer:
            raise ValidationError(_("Write the answer or the reason."))
    now = timezone.now()
    with transaction.atomic():
        # The status is checked on the locked row: the caller's copy may be stale.
        req = AssistanceRequest.objects.select_for_update().get(pk=req.pk)
        if status not in REQUEST_TRANSITIONS.get(req.status, ()):
            raise ValidationError(
                _("A request that is %(now)s cannot become %(next)s.")
                % {"now": req.get_status_display(), "next": dict(RequestStatus.choices).get(status, status)}
            )
        req.status = status
        req.status_changed_at = now
        fields = ["status", "status_changed_at"]
        if answer:
            req.answer, req.answer_language, req.answered_by_name = answer, language, _author(acting_user)
            fields += ["answer", "answer_language", "answered_by_name"]
        req.save(update_fields=fields)
        if req.case is not None:
            do_add_event(
                req.case,
                TimelineKind.REQUEST,
                _route(req),
                author_name=_author(acting_user),
            )
        audit.record(
            AuditEventType.REQUEST_UPDATED,
            actor=acting_user,
            target=req,
            extra={"status": status, "record_disclosed": bool(include_record and answer)},
        )
        if include_record and status == RequestStatus.ANSWERED:
            audit.record(
                AuditEventType.HIT_RECORD_DISCLOSED,
                actor=acting_user,
                target=req,
                extra={"reference": req.hit_reference, "to": req.from_party.code},
            )
        share(
            REQUEST_UPDATED,
            {
                "uid": str(req.uid),
                "status": status,
                "at": now.isoformat(),
                "answer": req.answer if answer else "",
                "answer_language": language,
                "answered_by_name": req.answered_by_name if answer else "",
            },
            [req.from_party.code],
        )
    return req


def receive_request_update(payload: dict[str, Any], *, from_party: str) -> AssistanceRequest:
    """Apply `cases.request.updated` from the requested party (statuses only move forward)."""
    req = AssistanceRequest.objects.select_for_update().filter(uid=uuid.UUID(payload["uid"])).first()
    if req is None:
        raise ValueError(f"update for unknown request {payload['uid']}")
    if req.to_party.code != from_party:
        raise ValueError(f"{from_party} is not the requested party")
    status = payload["status"]
    if status == req.status:
        return req  # a repeat
    if status not in REQUEST_TRANSITIONS.get(req.status, ()):
        raise ValueError(f"a request {req.status} cannot become {status}")
    req.status = status
    req.status_changed_at = _parse_time(payload["at"])
    fields = ["status", "status_changed_at"]
    if payload.get("answer"):
        req.answer = payload["answer"]
        req.answer_language = payload.get("answer_language", "")
        req.answered_by_name = payload.get("answered_by_name", "")[:150]
        fields += ["answer", "answer_language", "answered_by_name"]
    req.save(update_fields=fields)
    if req.case is not None:
        do_add_event(
            req.case,
            TimelineKind.REQUEST,
            _route(req),
            party=from_party,
            author_name=req.answered_by_name,
        )
    audit.record(
        AuditEventType.REQUEST_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=req,
        extra={"status": status},
    )
    return req


def do_remind_request(req: AssistanceRequest, *, acting_user: Officer | None = None) -> bool:
    """A reminder to the requested unit (run by the task worker): only while the request is open.

    Returns whether a reminder was recorded."""
    with transaction.atomic():
        req = AssistanceRequest.objects.select_for_update().get(pk=req.pk)
        if not req.is_open:
            return False
        req.reminders += 1
        req.save(update_fields=["reminders"])
        overdue = req.deadline <= timezone.now()
        if req.case is not None:
            do_add_event(
                req.case,
                TimelineKind.REQUEST,
                (_("Overdue: %(subject)s") if overdue else _("Reminder: %(subject)s"))
                % {"subject": req.subject},
                author_name="worker",
            )
        audit.record(
            AuditEventType.REQUEST_REMINDED,
            actor=acting_user,
            actor_name="" if acting_user else "worker",
            target=req,
            extra={"overdue": overdue, "reminder": req.reminders, "deadline": req.deadline.isoformat()},
        )
    return True
