"""The agreements app's envelope catalogue: what it sends to the other parties' nodes and how it
applies what they send. Every payload is typed; the inbox validates it before `apply` runs.

Times that a signature or a content hash covers travel as the exact strings that were signed
(`str`, not `datetime`), so no re-formatting on the way can break a signature.
"""

from __future__ import annotations

from typing import Any

from liaison.federation.public import EnvelopeType, IncomingEnvelope, PayloadSchema

# --- payload schemas -----------------------------------------------------------------------------


class OfficialPayload(PayloadSchema):
    key: str
    party: str
    name: str
    variants: list[str] = []


class SourceReportPayload(PayloadSchema):
    """Another report of a meeting or document: the source it comes from and its sentence, verbatim."""

    source: str
    quote: str


class MeetingPayload(PayloadSchema):
    uid: str
    kind: str
    number: int | None = None
    titles: dict[str, str] = {}
    starts_on: str
    ends_on: str | None = None
    places: dict[str, str] = {}
    date_precision: str = "day"
    host_party: str | None = None
    parties: list[str] = []
    co_chairs: list[OfficialPayload] = []
    delegations: dict[str, Any] = {}
    agenda: str = ""
    outcome_notes: str = ""
    notes_language: str = ""
    source_ref: str = ""
    source_quote: str = ""
    also_reported: list[SourceReportPayload] = []
    origin_party: str


class SignatoryPayload(PayloadSchema):
    party: str
    official: OfficialPayload


class DocumentPayload(PayloadSchema):
    uid: str
    reference: str
    kind: str
    plan_year: int | None = None
    parties: list[str]
    origin_party: str
    signatories: list[SignatoryPayload] = []
    signed_on_paper: str | None = None
    source_ref: str = ""
    source_quote: str = ""
    also_reported: list[SourceReportPayload] = []


class FilePayload(PayloadSchema):
    """A file announced with the object it belongs to; its bytes follow in `agreements.file.chunk`."""

    uid: str
    name: str
    content_type: str = "application/octet-stream"
    size: int
    sha256: str
    chunks: int


class VersionPayload(PayloadSchema):
    number: int
    titles: dict[str, str] = {}
    working_language: str
    texts: dict[str, str] = {}
    undertakings: list[dict[str, Any]] = []  # normalised by services.clean_undertakings on receipt
    change_note: str = ""
    content_sha256: str
    party: str
    author_name: str = ""
    created_at: str = ""
    attachments: list[FilePayload] = []


class DocumentSharedPayload(PayloadSchema):
    meeting: MeetingPayload | None = None
    document: DocumentPayload
    version: VersionPayload


class SignatureDataPayload(PayloadSchema):
    uid: str
    party: str
    official: str
    signed_at: str
    content_sha256: str
    signature: str


class SignatoryKeyPayload(PayloadSchema):
    uid: str
    party: str
    official: OfficialPayload
    public_key: str
    attested_at: str
    attestation: str
    node_public_key: str


class DocumentSignedPayload(PayloadSchema):
    document: str
    reference: str = ""
    version: int
    signature: SignatureDataPayload
    key: SignatoryKeyPayload


class ProgressPayload(PayloadSchema):
    uid: str
    party: str
    unit: str | None = None
    author_name: str = ""
    created_at: str
    status_before: str = ""
    status_after: str
    percent: int | None = None
    note: str = ""
    language: str = ""
    illustrative: bool = False


class CommitmentUpdatedPayload(PayloadSchema):
    commitment: str
    document: str = ""
    update: ProgressPayload
    evidence: list[FilePayload] = []


class FileChunkPayload(PayloadSchema):
    file: str
    index: int
    count: int
    data: str  # base64


# --- handlers (run inside the inbox transaction; a ValueError refuses the envelope) ---------------


def apply_shared(envelope: IncomingEnvelope, payload: DocumentSharedPayload) -> None:
    from . import services

    services.receive_shared(payload.as_json(), from_party=envelope.from_party)


def apply_signed(envelope: IncomingEnvelope, payload: DocumentSignedPayload) -> None:
    from . import services

    services.receive_signature(payload.as_json(), from_party=envelope.from_party)


def apply_updated(envelope: IncomingEnvelope, payload: CommitmentUpdatedPayload) -> None:
    from . import services

    services.receive_update(payload.as_json(), from_party=envelope.from_party)


def apply_chunk(envelope: IncomingEnvelope, payload: FileChunkPayload) -> None:
    from . import services

    services.receive_chunk(payload.as_json())


# --- the catalogue -------------------------------------------------------------------------------

DOCUMENT_SHARED = EnvelopeType(
    name="agreements.document.shared",
    version=1,
    schema=DocumentSharedPayload,
    apply=apply_shared,
    sender="The drafting party's node, when a liaison officer shares a draft, and again for every "
    "later version of a shared document.",
    effect="Stores the document (and its meeting) or the new version, after checking that the "
    "sender drafted it, that this party is addressed and that the content hash matches the text.",
)
DOCUMENT_SIGNED = EnvelopeType(
    name="agreements.document.signed",
    version=1,
    schema=DocumentSignedPayload,
    apply=apply_signed,
    sender="The signing party's node, when its signatory signs a version.",
    effect="Checks the signatory key's attestation against the sender's pinned node key and the "
    "signature against the version's content hash, then records the signature; the last signature "
    "turns the undertakings into tracked commitments.",
)
COMMITMENT_UPDATED = EnvelopeType(
    name="agreements.commitment.updated",
    version=1,
    schema=CommitmentUpdatedPayload,
    apply=apply_updated,
    sender="The node of a party whose officer records progress on a commitment.",
    effect="Records the progress update (once, by its id) and its announced evidence files; the "
    "status follows the latest update by time, so both nodes converge.",
)
FILE_CHUNK = EnvelopeType(
    name="agreements.file.chunk",
    version=1,
    schema=FileChunkPayload,
    apply=apply_chunk,
    sender="Follows a shared version or a progress update, one envelope per chunk of each file.",
    effect="Keeps the chunk; when all chunks are there, joins them and checks the SHA-256 announced.",
)

ENVELOPES = (DOCUMENT_SHARED, DOCUMENT_SIGNED, COMMITMENT_UPDATED, FILE_CHUNK)
