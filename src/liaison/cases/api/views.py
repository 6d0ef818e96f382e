"""JSON API of the cases app (OpenAPI at /api/docs). Every query is scoped to the officer; every
write goes through the services; a malformed query answers 422 with its reason, an exceeded rate
limit 429.

No `from __future__ import annotations` here: @role_required wraps the endpoints, and Ninja reads
the body schemas from the wrapper, whose module does not know them by name.
"""

import uuid
from typing import cast

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from liaison.core.access import get_visible_or_404, role_required
from liaison.core.models import Officer, Party, Unit

from .. import services
from ..choices import RequestStatus
from ..models import AssistanceRequest, Case, Entity, HitQuery
from ..services.common import CASE_ROLES
from .schemas import (
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CaseStatusIn,
    EntityIn,
    EntityOut,
    EventOut,
    FigureOut,
    HitQueryIn,
    HitQueryOut,
    NameOut,
    RequestActionIn,
    RequestIn,
    RequestOut,
)

router = Router(tags=["cases"])


def _officer(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


def _case(c: Case) -> CaseOut:
    return CaseOut(
        uid=c.uid,
        reference=c.reference,
        title=c.title,
        offence=c.offence,
        status=c.status,
        parties=sorted(p.code for p in c.parties.all()),
        units=sorted(u.code for u in c.units.all()),
        opened_on=c.opened_on,
        is_demo=c.is_demo,
    )


def _entity(e: Entity) -> EntityOut:
    return EntityOut(
        uid=e.uid,
        kind=e.kind,
        label=e.label,
        names=[NameOut(name=n.name, script=n.script) for n in e.names.all()],
        birth_date=e.birth_date,
        documents=list(e.documents or []),
        is_demo=e.is_demo,
    )


# --- cases ---------------------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut])
def list_cases(request: HttpRequest) -> list[CaseOut]:
    cases = Case.objects.visible_to(_officer(request)).prefetch_related("parties", "units")
    return [_case(c) for c in cases]


@router.post("/cases", response={201: CaseOut})
@role_required(*CASE_ROLES)
def open_case(request: HttpRequest, body: CaseIn) -> Status[CaseOut]:
    case = services.check_open_case(
        reference=body.reference,
        title=body.title,
        offence=body.offence,
        parties=[],
        units=list(Unit.objects.filter(code__in=body.units)),
        opened_on=body.opened_on,
        summary=body.summary,
        acting_user=_officer(request),
    )
    return Status(201, _case(case))


@router.get("/cases/{uid}", response=CaseDetailOut)
def get_case(request: HttpRequest, uid: uuid.UUID) -> CaseDetailOut:
    officer = _officer(request)
    case = get_visible_or_404(Case.objects.prefetch_related("parties", "units"), officer, uid=uid)
    entities = Entity.objects.visible_to(officer).filter(cases=case).distinct().prefetch_related("names")
    return CaseDetailOut(
        **_case(case).dict(),
        summary=case.summary,
        entities=[_entity(e) for e in entities],
        timeline=[
            EventOut(at=e.at, kind=e.kind, party=e.party, author_name=e.author_name, text=e.text)
            for e in case.events.all()
        ],
    )


@router.post("/cases/{uid}/status", response=CaseOut)
def set_case_status(request: HttpRequest, uid: uuid.UUID, body: CaseStatusIn) -> CaseOut:
    """Open, suspend or close a case (officers of a unit working it); the other parties follow."""
    officer = _officer(request)
    case = get_visible_or_404(Case.objects.all(), officer, uid=uid)
    return _case(services.check_set_case_status(case, status=body.status, acting_user=officer))


@router.post("/cases/{uid}/entities", response={201: EntityOut})
def add_entity(request: HttpRequest, uid: uuid.UUID, body: EntityIn) -> Status[EntityOut]:
    officer = _officer(request)
    case = get_visible_or_404(Case.objects.all(), officer, uid=uid)
    entity = services.check_add_entity(
        case,
        kind=body.kind,
        label=body.label,
        names=[(n, "") for n in body.names],
        birth_date=body.birth_date,
        sex=body.sex,
        nationality=body.nationality,
        documents=body.documents,
        notes=body.notes,
        acting_user=officer,
    )
    return Status(201, _entity(entity))


# --- hit/no-hit ----------------------------------------------------------------------------------


def _query(q: HitQuery) -> HitQueryOut:
    return HitQueryOut(
        uid=q.uid,
        to_party=q.to_party.code,
        names=list(q.names),
        birth_date=q.birth_date,
        documents=list(q.documents or []),
        offence=q.offence,
        case=q.case.uid if q.case else None,
        asked_at=q.asked_at,
        result=q.result,
        reference=q.reference,
        answered_at=q.answered_at,
    )


@router.post("/hit-queries", response={201: HitQueryOut})
@role_required(*CASE_ROLES)
def ask_hit(request: HttpRequest, body: HitQueryIn) -> Status[HitQueryOut]:
    officer = _officer(request)
    party = Party.objects.filter(code=body.to_party).first()
    if party is None:
        raise HttpError(422, "Unknown party.")
    case = get_visible_or_404(Case.objects.all(), officer, uid=body.case) if body.case else None
    try:
        query = services.check_ask_hit(
            to_party=party,
            names=body.names,
            birth_date=body.birth_date,
            documents=body.documents,
            offence=body.offence,
            case=case,
            acting_user=officer,
        )
    except services.RateLimited as refused:
        raise HttpError(429, str(refused)) from None
    return Status(201, _query(query))


@router.get("/hit-queries", response=list[HitQueryOut])
def list_hit_queries(request: HttpRequest) -> list[HitQueryOut]:
    queries = HitQuery.objects.visible_to(_officer(request)).select_related("to_party", "case")
    return [_query(q) for q in queries[:200]]


@router.get("/hit-queries/{uid}", response=HitQueryOut)
def get_hit_query(request: HttpRequest, uid: uuid.UUID) -> HitQueryOut:
    return _query(
        get_visible_or_404(HitQuery.objects.select_related("to_party", "case"), _officer(request), uid=uid)
    )


@router.get("/query-figures", response=list[FigureOut])
@role_required("admin")
def query_figures(request: HttpRequest, days: int = 14) -> list[FigureOut]:
    return [
        FigureOut(
            day=f.day,
            officer=f.who,
            unit=f.unit,
            direction=f.direction,
            party=f.party,
            queries=f.count,
            hits=f.hits,
        )
        for f in services.daily_figures(days=max(1, min(days, 366)))
    ]


# --- assistance requests -------------------------------------------------------------------------


def _request(r: AssistanceRequest) -> RequestOut:
    return RequestOut(
        uid=r.uid,
        case=r.case.uid if r.case else None,
        case_reference=r.case_reference,
        from_party=r.from_party.code,
        to_party=r.to_party.code,
        from_unit=r.from_unit.code,
        to_unit=r.to_unit.code,
        urgency=r.urgency,
        subject=r.subject,
        body=r.body,
        hit_reference=r.hit_reference,
        asked_by_name=r.asked_by_name,
        asked_at=r.asked_at,
        deadline=r.deadline,
        status=r.status,
        answer=r.answer,
        answered_by_name=r.answered_by_name,
        reminders=r.reminders,
        is_overdue=r.is_overdue,
    )


_REQUEST_RELATED = ("case", "from_party", "to_party", "from_unit", "to_unit")


@router.get("/requests", response=list[RequestOut])
def list_requests(request: HttpRequest) -> list[RequestOut]:
    return [
        _request(r)
        for r in AssistanceRequest.objects.visible_to(_officer(request)).select_related(*_REQUEST_RELATED)
    ]


@router.post("/requests", response={201: RequestOut})
@role_required(*CASE_ROLES)
def send_request(request: HttpRequest, body: RequestIn) -> Status[RequestOut]:
    officer = _officer(request)
    case = get_visible_or_404(Case.objects.all(), officer, uid=body.case) if body.case else None
    to_unit = Unit.objects.select_related("party").filter(code=body.to_unit).first()
    if to_unit is None:
        raise HttpError(422, "Unknown unit.")
    req = services.check_send_request(
        case=case,
        to_unit=to_unit,
        urgency=body.urgency,
        subject=body.subject,
        body=body.body,
        hit_reference=body.hit_reference,
        acting_user=officer,
    )
    return Status(201, _request(req))


@router.get("/requests/{uid}", response=RequestOut)
def get_request(request: HttpRequest, uid: uuid.UUID) -> RequestOut:
    return _request(
        get_visible_or_404(
            AssistanceRequest.objects.select_related(*_REQUEST_RELATED), _officer(request), uid=uid
        )
    )


def _act(request: HttpRequest, uid: uuid.UUID, status: str, body: RequestActionIn) -> RequestOut:
    officer = _officer(request)
    req = get_visible_or_404(AssistanceRequest.objects.select_related(*_REQUEST_RELATED), officer, uid=uid)
    req = services.check_update_request(
        req, status=status, answer=body.answer, include_record=body.include_record, acting_user=officer
    )
    return _request(req)


@router.post("/requests/{uid}/accept", response=RequestOut)
def accept_request(request: HttpRequest, uid: uuid.UUID) -> RequestOut:
    return _act(request, uid, RequestStatus.ACCEPTED, RequestActionIn())


@router.post("/requests/{uid}/answer", response=RequestOut)
def answer_request(request: HttpRequest, uid: uuid.UUID, body: RequestActionIn) -> RequestOut:
    return _act(request, uid, RequestStatus.ANSWERED, body)


@router.post("/requests/{uid}/decline", response=RequestOut)
def decline_request(request: HttpRequest, uid: uuid.UUID, body: RequestActionIn) -> RequestOut:
    return _act(request, uid, RequestStatus.DECLINED, body)
