"""Schemas of the exchange API. Code-listed fields come as {code, label}, the label in the reader's
language; free text comes as written, with its language."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema

from liaison.core.api.inputs import InputSchema


class CodeOut(Schema):
    code: str
    label: str


class UnitRefOut(Schema):
    code: str
    party: str
    name: str


class TextOut(Schema):
    language: str
    language_name: str
    text: str


class AttachmentOut(Schema):
    uid: uuid.UUID
    name: str
    content_type: str
    size: int
    sha256: str
    complete: bool
    url: str


class ReceiptOut(Schema):
    kind: str
    at: dt.datetime
    by_name: str


class WidenOut(Schema):
    uid: uuid.UUID
    message: uuid.UUID
    unit: str
    reason: str
    requested_by_name: str
    requested_by_unit: str
    requested_at: dt.datetime
    status: str
    decided_by_name: str
    decided_at: dt.datetime | None


class MessageOut(Schema):
    uid: uuid.UUID
    thread: uuid.UUID
    sender_unit: UnitRefOut
    recipient_unit: UnitRefOut
    author_name: str
    offence: CodeOut
    tlp: CodeOut
    priority: CodeOut
    legal_basis: str
    case_reference: str
    text: TextOut
    senders_translation: TextOut | None
    named_recipients: list[str]
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    read_at: dt.datetime | None
    attachments: list[AttachmentOut]
    receipts: list[ReceiptOut]
    widen_requests: list[WidenOut]


class ThreadOut(Schema):
    uid: uuid.UUID
    subject: str
    subject_language: str
    unit_a: UnitRefOut
    unit_b: UnitRefOut
    last_message_at: dt.datetime | None
    awaiting_your_answer: bool


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]


class FileIn(InputSchema):
    name: str
    data: str  # base64


class ReplyIn(InputSchema):
    offence: str
    tlp: str
    priority: str = "routine"
    legal_basis: str
    case_reference: str = ""
    language: str
    body: str
    translation: str = ""
    translation_language: str = ""
    named_recipients: list[str] = []  # "PARTY:username"
    attachments: list[FileIn] = []


class MessageIn(ReplyIn):
    recipient_unit: str
    subject: str


class WidenIn(InputSchema):
    unit: str
    reason: str


class DecideIn(InputSchema):
    grant: bool
    note: str = ""


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    due_on: dt.date
    state: CodeOut
    report: uuid.UUID | None


class ScheduleOut(Schema):
    uid: uuid.UUID
    title: str
    reporting_unit: UnitRefOut
    recipient_unit: UnitRefOut
    frequency: str
    due_day: int
    remind_days_before: int
    starts_on: dt.date
    overdue: int


class ScheduleDetailOut(ScheduleOut):
    periods: list[PeriodOut]


class ScheduleIn(InputSchema):
    title: str
    reporting_unit: str
    recipient_unit: str
    frequency: str = "monthly"
    due_day: int = 5
    remind_days_before: int = 3
    starts_on: dt.date


class SeizureOut(Schema):
    offence: CodeOut
    count: int


class ReportOut(Schema):
    uid: uuid.UUID
    schedule: uuid.UUID
    period_start: dt.date
    crossings: int
    incidents: int
    seizures: list[SeizureOut]
    narrative: TextOut
    author_name: str
    filed_at: dt.datetime
    illustrative: bool


class ReportIn(InputSchema):
    period_start: dt.date
    crossings: int
    incidents: int
    seizures: dict[str, int] = {}
    narrative: str = ""
    language: str


class OverdueOut(Schema):
    schedule: uuid.UUID
    title: str
    period_start: dt.date
    due_on: dt.date


class FiguresOut(Schema):
    overdue_reports: int
    unanswered_messages: int
    overdue: list[OverdueOut]
    unanswered: list[uuid.UUID]
