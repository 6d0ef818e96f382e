"""Schemas of the cases API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class CaseIn(Schema):
    reference: str
    title: str
    offence: str
    units: list[str] = []
    opened_on: dt.date | None = None
    summary: str = ""


class CaseStatusIn(Schema):
    status: str


class CaseOut(Schema):
    uid: uuid.UUID
    reference: str
    title: str
    offence: str
    status: str
    parties: list[str]
    units: list[str]
    opened_on: dt.date
    is_demo: bool


class NameOut(Schema):
    name: str
    script: str


class EntityIn(Schema):
    kind: str
    label: str = ""
    names: list[str] = []
    birth_date: str = ""
    sex: str = ""
    nationality: str = ""
    documents: list[str] = []
    notes: str = ""


class EntityOut(Schema):
    uid: uuid.UUID
    kind: str
    label: str
    names: list[NameOut]
    birth_date: str
    documents: list[str]
    is_demo: bool


class EventOut(Schema):
    at: dt.datetime
    kind: str
    party: str
    author_name: str
    text: str


class CaseDetailOut(CaseOut):
    summary: str
    entities: list[EntityOut]
    timeline: list[EventOut]


class HitQueryIn(Schema):
    to_party: str
    names: list[str]
    birth_date: str = ""
    documents: list[str] = []
    offence: str
    case: uuid.UUID | None = None


class HitQueryOut(Schema):
    """The asker's view of a query: what they asked, and the answer (a result, a reference)."""

    uid: uuid.UUID
    to_party: str
    names: list[str]
    birth_date: str
    documents: list[str]
    offence: str
    case: uuid.UUID | None
    asked_at: dt.datetime
    result: str
    reference: str
    answered_at: dt.datetime | None


class RequestIn(Schema):
    case: uuid.UUID | None = None
    to_unit: str
    urgency: str = "routine"
    subject: str
    body: str = ""
    hit_reference: str = ""


class RequestOut(Schema):
    uid: uuid.UUID
    case: uuid.UUID | None
    case_reference: str
    from_party: str
    to_party: str
    from_unit: str
    to_unit: str
    urgency: str
    subject: str
    body: str
    hit_reference: str
    asked_by_name: str
    asked_at: dt.datetime
    deadline: dt.datetime
    status: str
    answer: str
    answered_by_name: str
    reminders: int
    is_overdue: bool


class RequestActionIn(Schema):
    answer: str = ""
    include_record: bool = False


class FigureOut(Schema):
    day: dt.date
    officer: str
    unit: str
    direction: str
    party: str
    queries: int
    hits: int


class ErrorOut(Schema):
    code: str
    detail: str
