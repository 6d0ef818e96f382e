"""Hit/no-hit queries: ask a peer whether it holds a person, answer a peer's query, count queries.

The asking node sends the person asked about and the purpose; the asked node matches against the
persons it holds (through `person_index`) and answers hit or no hit, with a random reference for a
hit that only it can map to its record. The asker never receives a field of the record."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.codelists import codes
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_party
from liaison.federation import public

from .. import person_index
from ..choices import HitResult, TimelineKind
from ..conf import hit_answers_per_peer_per_hour, hit_queries_per_hour
from ..envelopes import HIT_ANSWER, HIT_ANSWER_V2, HIT_QUERY
from ..models import Case, HitQuery, ReceivedHitQuery
from .cases import _author, do_add_event
from .common import clean_birth_date, clean_documents, clean_names, officer_unit, require_case_role, share

__all__ = [
    "RateLimited",
    "check_ask_hit",
    "daily_figures",
    "queries_left",
    "receive_hit_answer",
    "receive_hit_query",
]


class RateLimited(Exception):
    """An officer has asked as many hit/no-hit queries as the hour allows."""

    def __init__(self, limit: int, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = retry_after
        super().__init__(
            _(
                "Limit reached: at most %(limit)d hit/no-hit queries per officer per hour. "
                "Try again in %(minutes)d minutes."
            )
            % {"limit": limit, "minutes": max(1, (retry_after + 59) // 60)}
        )


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(hours=1)


def queries_left(officer: Officer, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    used = HitQuery.objects.filter(officer=officer, asked_at__gt=_window_start(now)).count()
    return max(0, hit_queries_per_hour() - used)


def _check_rate(officer: Officer, now: dt.datetime) -> None:
    limit = hit_queries_per_hour()
    recent = list(
        HitQuery.objects.filter(officer=officer, asked_at__gt=_window_start(now))
        .order_by("asked_at")
        .values_list("asked_at", flat=True)[: max(limit, 1)]
    )
    if len(recent) >= limit:
        oldest = recent[0] if recent else now
        retry = int((oldest + dt.timedelta(hours=1) - now).total_seconds()) + 1
        raise RateLimited(limit, retry)


def check_ask_hit(
    *,
    to_party: Party,
    names: list[str],
    birth_date: str = "",
    documents: list[str] | None = None,
    offence: str,
    case: Case | None = None,
    acting_user: Officer,
    is_demo: bool = False,
    asked_at: dt.datetime | None = None,
    send: bool = True,
    uid: uuid.UUID | None = None,
) -> HitQuery:
    """Ask `to_party` whether it holds this person, for a stated purpose (offence category, case).

    Raises ValidationError for a malformed query, PermissionDenied for a caller who may not ask,
    RateLimited beyond the hourly limit (the refusal is audited)."""
    require_case_role(acting_user)
    unit = officer_unit(acting_user)
    names = clean_names(names)
    birth_date = clean_birth_date(birth_date)
    documents = clean_documents(documents or [])
    if offence not in codes("offence"):
        raise ValidationError(_("State the purpose: an offence category from the list."))
    if to_party.code == local_party():
        raise ValidationError(_("Ask another party's node."))
    if send and to_party.code not in public.peered_parties():
        raise ValidationError(
            _(
                "This node is not linked with the node of %(party)s: no query can reach it. Ask your node administrator."  # noqa: E501
            )
            % {"party": to_party}
        )
    if case is not None and to_party.code not in case.party_codes():
        raise ValidationError(_("The party asked is not a party to this case."))
    now = asked_at or timezone.now()
    refused: RateLimited | None = None
    with transaction.atomic():
        # Lock the officer's row: two queries sent at once are counted one after the other, so
        # the limit holds under concurrency too.
        Officer.objects.select_for_update().filter(pk=acting_user.pk).first()
        try:
            _check_rate(acting_user, now)
        except RateLimited as exc:
            refused = exc
            audit.record(
                AuditEventType.HIT_QUERY_REFUSED,
                actor=acting_user,
                extra={"limit": exc.limit, "to": to_party.code, "offence": offence},
            )
        else:
            query = _record_query(
                uid,
                acting_user,
                unit,
                to_party,
                case,
                offence,
                names,
                birth_date,
                documents,
                now,
                is_demo,
                send,
            )
    if refused is not None:
        raise refused  # after the commit, so the refusal stays in the audit trail
    return query


def _record_query(
    uid: uuid.UUID | None,
    acting_user: Officer,
    unit: Unit,
    to_party: Party,
    case: Case | None,
    offence: str,
    names: list[str],
    birth_date: str,
    documents: list[str],
    now: dt.datetime,
    is_demo: bool,
    send: bool,
) -> HitQuery:
    with transaction.atomic():
        query = HitQuery.objects.create(
            uid=uid or uuid.uuid4(),
            officer=acting_user,
            unit=unit,
            to_party=to_party,
            case=case,
            offence=offence,
            names=names,
            birth_date=birth_date,
            documents=documents,
            asked_at=now,
            is_demo=is_demo,
        )
        purpose = {
            "offence": offence,
            "case_uid": str(case.uid) if case else None,
            "case_reference": case.reference if case else "",
        }
        audit.record(
            AuditEventType.HIT_QUERY_ASKED,
            actor=acting_user,
            target=query,
            extra={"to": to_party.code, "purpose": purpose, "names": names},
        )
        if case is not None:
            do_add_event(
                case,
                TimelineKind.HIT_QUERY,
                _("Hit/no-hit query to %(party)s") % {"party": to_party.code},
                author_name=_author(acting_user),
            )
        if send:
            share(
                HIT_QUERY,
                {
                    "query": str(query.uid),
                    "asked_by": _author(acting_user),
                    "asked_unit": unit.code,
                    "purpose": purpose,
                    "names": names,
                    "birth_date": birth_date,
                    "documents": documents,
                },
                [to_party.code],
            )
    return query


def new_reference() -> str:
    """A random reference (about 100 bits): tells nothing of the record, cannot be guessed."""
    return "H-" + secrets.token_hex(10).upper()


def receive_hit_query(
    payload: dict[str, Any], *, from_party: str, reference: str = "", send: bool = True
) -> ReceivedHitQuery:
    """Apply `cases.hit.query`: match, audit with the purpose, answer hit or no hit.

    `reference` and `send` serve the demo only (a fixed reference both nodes load, no envelope)."""
    existing = ReceivedHitQuery.objects.filter(query_uid=uuid.UUID(payload["query"])).first()
    if existing is not None:
        return existing  # answered already
    purpose = payload["purpose"]
    if purpose["offence"] not in codes("offence"):
        raise ValueError("a hit/no-hit query needs a purpose from the offence list")
    try:
        names = clean_names(payload["names"])
        birth_date = clean_birth_date(payload.get("birth_date", ""))
        documents = clean_documents(payload.get("documents", []))
    except ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from None
    now = timezone.now()
    answered = ReceivedHitQuery.objects.filter(
        from_party__code=from_party, received_at__gt=_window_start(now)
    ).exclude(result=HitResult.REFUSED)
    if answered.count() >= hit_answers_per_peer_per_hour():
        # Refused before any matching: a peer over the limit learns nothing, not even timing.
        match, result = None, HitResult.REFUSED
    else:
        match = person_index.best_match(person_index.query_person(names, birth_date, documents))
        result = HitResult.HIT if match else HitResult.NO_HIT
    received = ReceivedHitQuery.objects.create(
        query_uid=uuid.UUID(payload["query"]),
        from_party=Party.objects.get(code=from_party),
        asked_by=payload["asked_by"][:150],
        asked_unit=payload.get("asked_unit", "")[:40],
        offence=purpose["offence"],
        case_reference=(purpose.get("case_reference") or "")[:60],
        names=names,
        received_at=now,
        result=result,
        reference=(reference or new_reference()) if match else "",
        entity_id=match.entity_id if match else None,
        score=match.score if match else None,
    )
    audit.record(
        AuditEventType.HIT_QUERY_ANSWERED,
        actor=None,
        actor_name=f"peer:{from_party}:{received.asked_by}",
        target=received,
        extra={
            "from": from_party,
            "asked_by": received.asked_by,
            "asked_unit": received.asked_unit,
            "purpose": purpose,
            "names": names,
            "result": received.result,
            "reference": received.reference,
        },
    )
    if send:
        answer_type = HIT_ANSWER_V2 if received.result == HitResult.REFUSED else HIT_ANSWER
        share(answer_type, answer_payload(received), [from_party])
    return received


def answer_payload(received: ReceivedHitQuery) -> dict[str, Any]:
    """What goes back to the asker: the query's id, the result, and a hit's reference. Nothing else."""
    body: dict[str, Any] = {"query": str(received.query_uid), "result": received.result}
    if received.result == HitResult.HIT:
        body["reference"] = received.reference
    return body


def receive_hit_answer(payload: dict[str, Any], *, from_party: str) -> HitQuery:
    """Apply `cases.hit.answer` to the asking officer's query."""
    query = HitQuery.objects.select_for_update().filter(uid=uuid.UUID(payload["query"])).first()
    if query is None:
        raise ValueError(f"answer to an unknown query {payload['query']}")
    if query.to_party.code != from_party:
        raise ValueError(f"{from_party} was not asked this query")
    if query.result != HitResult.PENDING:
        return query
    query.result = payload["result"]
    query.reference = payload.get("reference", "")[:40] if query.result == HitResult.HIT else ""
    query.answered_at = timezone.now()
    query.save(update_fields=["result", "reference", "answered_at"])
    audit.record(
        AuditEventType.HIT_ANSWER_RECEIVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=query,
        extra={"result": query.result, "reference": query.reference, "officer": query.officer_id},
    )
    return query


@dataclass(frozen=True)
class DailyFigure:
    day: dt.date
    who: str
    unit: str
    direction: str  # "asked" from this node, "received" from a peer
    party: str
    count: int
    hits: int


def daily_figures(days: int = 14, now: dt.datetime | None = None) -> list[DailyFigure]:
    """Queries per officer per day, asked from this node and received from peers (newest first)."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    rows: list[DailyFigure] = []
    asked = (
        HitQuery.objects.filter(asked_at__gte=since)
        .annotate(day=TruncDate("asked_at"))
        .values("day", "officer__username", "unit__code", "to_party__code")
        .annotate(n=Count("pk"), hits=Count("pk", filter=models_q_hit()))
    )
    for r in asked:
        rows.append(
            DailyFigure(
                r["day"],
                r["officer__username"],
                r["unit__code"],
                "asked",
                r["to_party__code"],
                r["n"],
                r["hits"],
            )
        )
    received = (
        ReceivedHitQuery.objects.filter(received_at__gte=since)
        .annotate(day=TruncDate("received_at"))
        .values("day", "asked_by", "asked_unit", "from_party__code")
        .annotate(n=Count("pk"), hits=Count("pk", filter=models_q_hit()))
    )
    for row in received:
        rows.append(
            DailyFigure(
                row["day"],
                row["asked_by"],
                row["asked_unit"],
                "received",
                row["from_party__code"],
                row["n"],
                row["hits"],
            )
        )
    rows.sort(key=lambda f: (f.day, f.count), reverse=True)
    return rows


def models_q_hit() -> Q:
    return Q(result=HitResult.HIT)


def require_admin(officer: Officer) -> None:
    if not officer.has_role("admin"):
        raise PermissionDenied(_("Only node administrators see the query figures."))
