"""JSON API of the agreements app (OpenAPI at /api/docs). Every query is scoped to the officer;
every write goes through the services."""

from __future__ import annotations

import uuid
from typing import cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from liaison.core.access import get_visible_or_404
from liaison.core.models import Officer, Official, Party

from .. import services
from ..diff import diff_versions
from ..filtersets import filter_commitments
from ..models import Commitment, Document, DocumentVersion, Meeting, ProgressUpdate, StoredFile
from ..review import build_review, render_pdf
from .schemas import (
    CheckOut,
    CommitmentDetailOut,
    CommitmentOut,
    DiffLineOut,
    DocumentDetailOut,
    DocumentIn,
    DocumentOut,
    FileOut,
    MeetingOut,
    OfficialOut,
    ReviewOut,
    ReviewRowOut,
    SignatureOut,
    SignIn,
    UpdateOut,
    VerificationOut,
    VersionIn,
    VersionOut,
)


def _version(v: DocumentVersion) -> VersionOut:
    return VersionOut(
        number=v.number,
        title=v.title,
        titles=v.titles,
        working_language=v.working_language,
        texts=v.texts,
        undertakings=v.undertakings,
        content_sha256=v.content_sha256,
        created_at=v.created_at,
        change_note=v.change_note,
    )


router = Router(tags=["agreements"])


def _officer(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


# --- meetings ------------------------------------------------------------------------------------


def _official(o: Official) -> OfficialOut:
    return OfficialOut(key=o.key, party=o.party.code, name=o.name, variants=list(o.variants))


def _meeting(m: Meeting) -> MeetingOut:
    return MeetingOut(
        uid=m.uid,
        kind=m.kind,
        number=m.number,
        title=m.title,
        titles=m.titles,
        starts_on=m.starts_on,
        ends_on=m.ends_on,
        date_precision=m.date_precision,
        place=m.place,
        host_party=m.host_party.code if m.host_party else None,
        parties=sorted(p.code for p in m.parties.all()),
        co_chairs=[_official(o) for o in m.co_chairs.all()],
        outcome_notes=m.outcome_notes,
    )


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(request: HttpRequest, kind: str | None = None) -> list[MeetingOut]:
    meetings = (
        Meeting.objects.visible_to(_officer(request))
        .select_related("host_party")
        .prefetch_related("parties", "co_chairs__party")
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    return [_meeting(m) for m in meetings]


@router.get("/meetings/{uid}", response=MeetingOut)
def get_meeting(request: HttpRequest, uid: uuid.UUID) -> MeetingOut:
    return _meeting(get_visible_or_404(Meeting.objects.all(), _officer(request), uid=uid))


# --- documents -----------------------------------------------------------------------------------


def _document(d: Document) -> DocumentOut:
    latest = d.latest_version
    signed_by = sorted(s.party.code for s in latest.signatures.all()) if latest else []
    return DocumentOut(
        uid=d.uid,
        reference=d.reference,
        kind=d.kind,
        title=d.title,
        meeting=d.meeting.uid if d.meeting else None,
        plan_year=d.plan_year,
        parties=d.party_codes(),
        origin_party=d.origin_party.code,
        shared=d.shared_at is not None,
        signed_on_paper=d.signed_on_paper,
        signed_by=signed_by,
        fully_signed=latest is not None and services.is_fully_signed(latest),
        latest_version=latest.number if latest else None,
    )


def _document_detail(d: Document) -> DocumentDetailOut:
    versions = list(
        d.versions.order_by("number").prefetch_related(
            "signatures__party", "signatures__key", "signatures__official"
        )
    )
    return DocumentDetailOut(
        **_document(d).dict(),
        versions=[_version(v) for v in versions],
        signatures=[
            SignatureOut(
                party=s.party.code,
                official=s.official.key,
                version=v.number,
                signed_at=s.signed_at,
                content_sha256=s.content_sha256,
                signature=s.signature,
                public_key=s.key.public_key,
            )
            for v in versions
            for s in v.signatures.all()
        ],
    )


@router.get("/documents", response=list[DocumentOut])
def list_documents(
    request: HttpRequest, year: int | None = None, kind: str | None = None
) -> list[DocumentOut]:
    documents = Document.objects.visible_to(_officer(request)).select_related("meeting", "origin_party")
    if year:
        documents = documents.filter(plan_year=year)
    if kind:
        documents = documents.filter(kind=kind)
    return [_document(d) for d in documents.prefetch_related("parties", "versions__signatures__party")]


@router.post("/documents", response={201: DocumentDetailOut})
def create_document(request: HttpRequest, body: DocumentIn) -> Status[DocumentDetailOut]:
    officer = _officer(request)
    parties = list(Party.objects.filter(code__in=body.parties))
    meeting = get_visible_or_404(Meeting.objects.all(), officer, uid=body.meeting) if body.meeting else None
    signatories = {
        code: Official.objects.get(key=key)
        for code, key in body.signatories.items()
        if Official.objects.filter(key=key).exists()
    }
    document = services.check_create_document(
        reference=body.reference,
        kind=body.kind,
        parties=parties,
        signatories=signatories,
        titles={body.working_language: body.title},
        working_language=body.working_language,
        texts=body.texts,
        undertakings=body.undertakings,
        meeting=meeting,
        plan_year=body.plan_year,
        acting_user=officer,
    )
    return Status(201, _document_detail(document))


@router.get("/documents/{uid}", response=DocumentDetailOut)
def get_document(request: HttpRequest, uid: uuid.UUID) -> DocumentDetailOut:
    return _document_detail(get_visible_or_404(Document.objects.all(), _officer(request), uid=uid))


@router.post("/documents/{uid}/versions", response={201: VersionOut})
def new_version(request: HttpRequest, uid: uuid.UUID, body: VersionIn) -> Status[VersionOut]:
    document = get_visible_or_404(Document.objects.all(), _officer(request), uid=uid)
    signatories = None
    if body.signatories is not None:
        signatories = {code: get_object_or_404(Official, key=key) for code, key in body.signatories.items()}
    v = services.check_new_version(
        document,
        titles={body.working_language: body.title},
        working_language=body.working_language,
        texts=body.texts,
        undertakings=body.undertakings,
        change_note=body.change_note,
        signatories=signatories,
        acting_user=_officer(request),
    )
    return Status(201, _version(v))


@router.post("/documents/{uid}/share", response=DocumentOut)
def share_document(request: HttpRequest, uid: uuid.UUID) -> DocumentOut:
    document = get_visible_or_404(Document.objects.all(), _officer(request), uid=uid)
    return _document(services.check_share_document(document, acting_user=_officer(request)))


@router.post("/documents/{uid}/sign", response={201: SignatureOut})
def sign_document(request: HttpRequest, uid: uuid.UUID, body: SignIn) -> Status[SignatureOut]:
    """Sign a version for your party. Refused (400) when the version is no longer the latest."""
    document = get_visible_or_404(Document.objects.all(), _officer(request), uid=uid)
    s = services.check_sign_version(
        document, body.version, acting_user=_officer(request), content_sha256=body.content_sha256
    )
    return Status(
        201,
        SignatureOut(
            party=s.party.code,
            official=s.official.key,
            version=s.version.number,
            signed_at=s.signed_at,
            content_sha256=s.content_sha256,
            signature=s.signature,
            public_key=s.key.public_key,
        ),
    )


@router.get("/documents/{uid}/verify", response=VerificationOut)
def verify_document(request: HttpRequest, uid: uuid.UUID) -> VerificationOut:
    document = get_visible_or_404(Document.objects.all(), _officer(request), uid=uid)
    result = services.verify_document(document)
    return VerificationOut(
        document=document.reference,
        ok=result.ok,
        notes=result.notes,
        checks=[CheckOut(party=c.party, version=c.version, ok=c.ok, detail=c.detail) for c in result.checks],
    )


@router.get("/documents/{uid}/diff", response=list[DiffLineOut])
def diff_document(request: HttpRequest, uid: uuid.UUID, a: int, b: int, lang: str = "") -> list[DiffLineOut]:
    document = get_visible_or_404(Document.objects.all(), _officer(request), uid=uid)
    old = document.versions.filter(number=a).first()
    new = document.versions.filter(number=b).first()
    if old is None or new is None:
        raise HttpError(404, "no such version")
    return [
        DiffLineOut(kind=x.kind, left=x.left, right=x.right, text=x.text)
        for x in diff_versions(old, new, lang or new.working_language)
    ]


# --- commitments ---------------------------------------------------------------------------------


class CommitmentFilters(Schema):
    q: str | None = None
    status: str | None = None
    area: str | None = None
    party: str | None = None
    owner: str | None = None
    due: str | None = None
    year: int | None = None
    meeting: uuid.UUID | None = None


def _file(f: StoredFile) -> FileOut:
    return FileOut(
        uid=f.uid,
        name=f.name,
        size=f.size,
        sha256=f.sha256,
        content_type=f.content_type,
        complete=f.complete,
        url=reverse("api:agreements_file", kwargs={"uid": f.uid}),
    )


def _commitment(c: Commitment) -> CommitmentOut:
    return CommitmentOut(
        uid=c.uid,
        document=c.document.reference,
        clause=c.clause,
        text=c.text,
        texts=c.texts,
        area=c.area,
        owners={u.party.code: u.code for u in c.owner_units.all()},
        due_on=c.due_on,
        status=c.status,
        overdue=c.is_overdue,
        slippage_days=c.slippage_days,
        carried_forward_from=c.carried_forward_from.uid if c.carried_forward_from else None,
        source_quote=c.source_quote,
    )


def _update(u: ProgressUpdate) -> UpdateOut:
    return UpdateOut(
        uid=u.uid,
        party=u.party.code,
        unit=u.unit.code if u.unit else None,
        author_name=u.author_name,
        created_at=u.created_at,
        status_before=u.status_before,
        status_after=u.status_after,
        percent=u.percent,
        note=u.note,
        evidence=[_file(f) for f in u.evidence.all()],
    )


@router.get("/commitments", response=list[CommitmentOut])
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilters]) -> list[CommitmentOut]:
    queryset = (
        Commitment.objects.visible_to(_officer(request))
        .select_related("document", "carried_forward_from")
        .prefetch_related("owner_units__party")
    )
    return [_commitment(c) for c in filter_commitments(queryset, filters.dict())]


@router.get("/commitments/{uid}", response=CommitmentDetailOut)
def get_commitment(request: HttpRequest, uid: uuid.UUID) -> CommitmentDetailOut:
    c = get_visible_or_404(Commitment.objects.select_related("document"), _officer(request), uid=uid)
    updates = c.updates.select_related("party", "unit").prefetch_related("evidence").order_by("created_at")
    return CommitmentDetailOut(**_commitment(c).dict(), updates=[_update(u) for u in updates])


@router.post("/commitments/{uid}/updates", response={201: UpdateOut})
def record_progress(
    request: HttpRequest,
    uid: uuid.UUID,
    status: Form[str],
    note: Form[str] = "",
    percent: Form[int | None] = None,
    evidence: File[list[UploadedFile]] | None = None,
) -> Status[UpdateOut]:
    """Record progress (multipart form: status, note, percent, evidence files)."""
    c = get_visible_or_404(Commitment.objects.all(), _officer(request), uid=uid)
    update = services.check_record_progress(
        c,
        status=status,
        note=note,
        percent=percent,
        evidence=[services.NewFile.from_upload(f) for f in evidence or []],
        acting_user=_officer(request),
    )
    return Status(201, _update(update))


@router.get("/files/{uid}", url_name="agreements_file")
def download_file(request: HttpRequest, uid: uuid.UUID) -> FileResponse:
    """An attachment or evidence file; need-to-know applies, and each read is audited."""
    stored = get_visible_or_404(StoredFile.objects.all(), _officer(request), uid=uid)
    if not stored.complete:
        raise HttpError(409, "the file is still arriving from the other node")
    services.do_record_file_read(stored, acting_user=_officer(request), via="api")
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


# --- review --------------------------------------------------------------------------------------


def _review_target(
    request: HttpRequest, meeting: uuid.UUID | None, year: int | None
) -> tuple[Meeting | None, int | None]:
    if meeting is not None:
        return get_visible_or_404(Meeting.objects.all(), _officer(request), uid=meeting), None
    if year is None:
        raise HttpError(400, "give a meeting or a plan year")
    return None, year


@router.get("/review", response=ReviewOut)
def review(request: HttpRequest, meeting: uuid.UUID | None = None, year: int | None = None) -> ReviewOut:
    m, y = _review_target(request, meeting, year)
    r = build_review(_officer(request), meeting=m, year=y)
    return ReviewOut(
        title=r.title,
        totals=dict(r.totals),
        overdue=r.overdue_count,
        series=[
            ReviewRowOut(
                number=row.meeting.number,
                meeting=row.meeting.title,
                total=row.total,
                done=row.counts["done"],
                carried_in=row.carried_in,
            )
            for row in r.series
        ],
        commitments=[_commitment(c) for c in r.commitments],
    )


@router.get("/review.pdf")
def review_pdf(
    request: HttpRequest, meeting: uuid.UUID | None = None, year: int | None = None
) -> HttpResponse:
    m, y = _review_target(request, meeting, year)
    r = build_review(_officer(request), meeting=m, year=y)
    pdf = render_pdf(r, request=request)
    services.do_record_review_export(
        meeting=m, year=y, commitments=len(r.commitments), acting_user=_officer(request), via="api"
    )
    return HttpResponse(pdf, content_type="application/pdf")
