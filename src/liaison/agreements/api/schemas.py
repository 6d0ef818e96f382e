from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema

from liaison.core.api.inputs import InputSchema


class OfficialOut(Schema):
    key: str
    party: str
    name: str
    variants: list[str]


class MeetingOut(Schema):
    uid: uuid.UUID
    kind: str
    number: int | None
    title: str
    titles: dict[str, str]
    starts_on: dt.date
    ends_on: dt.date | None
    date_precision: str
    place: str
    host_party: str | None
    parties: list[str]
    co_chairs: list[OfficialOut]
    outcome_notes: str


class SignatureOut(Schema):
    party: str
    official: str
    version: int
    signed_at: dt.datetime
    content_sha256: str
    signature: str
    public_key: str


class VersionOut(Schema):
    number: int
    title: str
    titles: dict[str, str]
    working_language: str
    texts: dict[str, str]
    undertakings: list[dict]
    content_sha256: str
    created_at: dt.datetime
    change_note: str


class DocumentOut(Schema):
    uid: uuid.UUID
    reference: str
    kind: str
    title: str
    meeting: uuid.UUID | None
    plan_year: int | None
    parties: list[str]
    origin_party: str
    shared: bool
    signed_on_paper: dt.date | None
    signed_by: list[str]
    fully_signed: bool
    latest_version: int | None


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]
    signatures: list[SignatureOut]


class DocumentIn(InputSchema):
    reference: str
    kind: str
    parties: list[str]
    signatories: dict[str, str] = {}
    title: str
    working_language: str
    texts: dict[str, str]
    undertakings: list[dict] = []
    meeting: uuid.UUID | None = None
    plan_year: int | None = None


class VersionIn(InputSchema):
    title: str
    working_language: str
    texts: dict[str, str]
    undertakings: list[dict] = []
    change_note: str = ""
    signatories: dict[str, str] | None = None  # party code -> official key; None keeps them


class SignIn(InputSchema):
    version: int
    content_sha256: str | None = None  # the hash the signatory confirmed; refused if it differs


class CheckOut(Schema):
    party: str
    version: int
    ok: bool
    detail: str


class VerificationOut(Schema):
    document: str
    ok: bool
    checks: list[CheckOut]
    notes: list[str]


class DiffLineOut(Schema):
    kind: str
    left: int | None
    right: int | None
    text: str


class FileOut(Schema):
    uid: uuid.UUID
    name: str
    size: int
    sha256: str
    content_type: str
    complete: bool
    url: str


class UpdateOut(Schema):
    uid: uuid.UUID
    party: str
    unit: str | None
    author_name: str
    created_at: dt.datetime
    status_before: str
    status_after: str
    percent: int | None
    note: str
    evidence: list[FileOut]


class CommitmentOut(Schema):
    uid: uuid.UUID
    document: str
    clause: str
    text: str
    texts: dict[str, str]
    area: str
    owners: dict[str, str]
    due_on: dt.date | None
    status: str
    overdue: bool
    slippage_days: int | None
    carried_forward_from: uuid.UUID | None
    source_quote: str


class CommitmentDetailOut(CommitmentOut):
    updates: list[UpdateOut]


class ReviewRowOut(Schema):
    number: int | None
    meeting: str
    total: int
    done: int
    carried_in: int


class ReviewOut(Schema):
    title: str
    totals: dict[str, int]
    overdue: int
    series: list[ReviewRowOut]
    commitments: list[CommitmentOut]
