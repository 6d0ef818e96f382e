"""The exchange app's envelope catalogue: messages with their attachments (in chunks), receipts
back to the sender, requests to pass a message on and the originator's decisions, report schedules
and filed reports. Every payload is typed; the inbox validates it before `apply` runs, and each
handler checks that the sending party may say what it says (a ValueError refuses the envelope)."""

from __future__ import annotations

from liaison.federation.public import EnvelopeType, IncomingEnvelope, PayloadSchema

# --- payload schemas -----------------------------------------------------------------------------


class ThreadPayload(PayloadSchema):
    uid: str
    subject: str
    subject_language: str = ""
    unit_a: str
    unit_b: str
    origin_party: str
    created_at: str


class NamedPayload(PayloadSchema):
    party: str
    username: str


class AttachmentPayload(PayloadSchema):
    """An attachment announced with its message; the bytes follow in `exchange.file.chunk`."""

    uid: str
    name: str
    content_type: str
    size: int
    sha256: str
    chunks: int


class MessagePayload(PayloadSchema):
    uid: str
    sender_unit: str
    recipient_unit: str
    party: str
    author_name: str
    offence: str
    tlp: str
    priority: str
    legal_basis: str
    case_reference: str = ""
    language: str
    body: str
    translation: str = ""
    translation_language: str = ""
    named_recipients: list[NamedPayload] = []
    created_at: str
    attachments: list[AttachmentPayload] = []


class MessageSentPayload(PayloadSchema):
    thread: ThreadPayload
    message: MessagePayload


class ReceiptPayload(PayloadSchema):
    message: str
    kind: str
    at: str
    by_name: str = ""


class FileChunkPayload(PayloadSchema):
    sha256: str
    index: int
    count: int
    data: str  # base64


class WidenRequestPayload(PayloadSchema):
    uid: str
    message: str
    unit: str
    reason: str
    reason_language: str = ""
    requested_by_name: str
    requested_by_unit: str
    requested_at: str


class WidenDecisionPayload(PayloadSchema):
    request: WidenRequestPayload
    status: str
    decided_by_name: str
    decided_at: str
    note: str = ""


class SchedulePayload(PayloadSchema):
    uid: str
    titles: dict[str, str] = {}
    reporting_unit: str
    recipient_unit: str
    frequency: str
    due_day: int
    remind_days_before: int
    starts_on: str
    origin_party: str
    is_active: bool = True


class ReportPayload(PayloadSchema):
    uid: str
    schedule: str
    period_start: str
    crossings: int
    incidents: int
    seizures: dict[str, int] = {}
    narrative: str = ""
    language: str
    author_name: str
    party: str
    filed_at: str


# --- handlers (run inside the inbox transaction) --------------------------------------------------


def apply_message(envelope: IncomingEnvelope, payload: MessageSentPayload) -> None:
    from .services import messages

    messages.receive_message(payload.as_json(), from_party=envelope.from_party)


def apply_receipt(envelope: IncomingEnvelope, payload: ReceiptPayload) -> None:
    from .services import messages

    messages.receive_receipt(payload.as_json(), from_party=envelope.from_party)


def apply_chunk(envelope: IncomingEnvelope, payload: FileChunkPayload) -> None:
    from .services import files

    files.receive_chunk(payload.as_json())


def apply_widen_request(envelope: IncomingEnvelope, payload: WidenRequestPayload) -> None:
    from .services import widen

    widen.receive_request(payload.as_json(), from_party=envelope.from_party)


def apply_widen_decision(envelope: IncomingEnvelope, payload: WidenDecisionPayload) -> None:
    from .services import widen

    widen.receive_decision(payload.as_json(), from_party=envelope.from_party)


def apply_schedule(envelope: IncomingEnvelope, payload: SchedulePayload) -> None:
    from .services import reports

    reports.receive_schedule(payload.as_json(), from_party=envelope.from_party)


def apply_report(envelope: IncomingEnvelope, payload: ReportPayload) -> None:
    from .services import reports

    reports.receive_report(payload.as_json(), from_party=envelope.from_party)


# --- the catalogue -------------------------------------------------------------------------------

MESSAGE_SENT = EnvelopeType(
    name="exchange.message.sent",
    version=1,
    schema=MessageSentPayload,
    apply=apply_message,
    sender="The node of the unit that writes a message to a unit of another party (a new thread or a reply).",
    effect="Stores the thread and the message with its TLP label and named officers, announces its "
    "attachments, and sends a delivery receipt back; the label limits who reads it on this node too.",
)
RECEIPT = EnvelopeType(
    name="exchange.message.receipt",
    version=1,
    schema=ReceiptPayload,
    apply=apply_receipt,
    sender="The recipient's node: when a message is stored (delivered) and when an officer of the "
    "recipient's party first opens it (read).",
    effect="Shows the delivery or read receipt on the sender's thread (once per kind).",
)
FILE_CHUNK = EnvelopeType(
    name="exchange.file.chunk",
    version=1,
    schema=FileChunkPayload,
    apply=apply_chunk,
    sender="Follows a message with attachments: one envelope per chunk of each file.",
    effect="Keeps the chunk; when all are there, joins them, checks the SHA-256 and size announced and "
    "the file type, and stores the file by its hash.",
)
WIDEN_REQUESTED = EnvelopeType(
    name="exchange.widen.requested",
    version=1,
    schema=WidenRequestPayload,
    apply=apply_widen_request,
    sender="The node of an officer who asks to pass a message on to one more unit.",
    effect="Records the request (audited) for the originator's unit to grant or deny.",
)
WIDEN_DECIDED = EnvelopeType(
    name="exchange.widen.decided",
    version=1,
    schema=WidenDecisionPayload,
    apply=apply_widen_decision,
    sender="The originator's node, when the originator's unit grants or denies a request to pass a "
    "message on.",
    effect="Records the decision (audited); a grant adds the unit (and the units below it) to the "
    "message's readers on this node too.",
)
SCHEDULE_SAVED = EnvelopeType(
    name="exchange.schedule.saved",
    version=1,
    schema=SchedulePayload,
    apply=apply_schedule,
    sender="The node of the officer who sets up or changes a periodic report schedule.",
    effect="Stores the schedule, so both units see its periods, due dates and overdue reports.",
)
REPORT_FILED = EnvelopeType(
    name="exchange.report.filed",
    version=1,
    schema=ReportPayload,
    apply=apply_report,
    sender="The reporting unit's node, when it files a periodic report.",
    effect="Stores the report for its period (once), after checking the sender is the reporting party.",
)

ENVELOPES = (
    MESSAGE_SENT,
    RECEIPT,
    FILE_CHUNK,
    WIDEN_REQUESTED,
    WIDEN_DECIDED,
    SCHEDULE_SAVED,
    REPORT_FILED,
)
