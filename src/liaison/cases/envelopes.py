"""The cases app's envelope catalogue. A case header and its assistance requests cross to the other
parties; entities never do. A hit/no-hit query crosses with its purpose, and its answer comes back
as a result and, for a hit, an opaque reference: the answer schema has no room for anything else.
"""

from __future__ import annotations

from typing import Literal

from liaison.federation.public import EnvelopeType, IncomingEnvelope, PayloadSchema

# --- payload schemas -----------------------------------------------------------------------------


class CasePayload(PayloadSchema):
    uid: str
    reference: str
    title: str
    offence: str
    status: str
    parties: list[str]
    units: list[str] = []
    origin_party: str
    opened_on: str
    summary: str = ""
    summary_language: str = ""


class RequestPayload(PayloadSchema):
    uid: str
    case_uid: str | None = None
    case_reference: str = ""
    from_unit: str
    to_unit: str
    urgency: str
    subject: str
    body: str = ""
    language: str = ""
    hit_reference: str = ""
    asked_by_name: str = ""
    asked_at: str
    deadline: str


class RequestUpdatePayload(PayloadSchema):
    uid: str
    status: str
    at: str
    answer: str = ""
    answer_language: str = ""
    answered_by_name: str = ""


class PurposePayload(PayloadSchema):
    offence: str
    case_uid: str | None = None
    case_reference: str = ""


class HitQueryPayload(PayloadSchema):
    query: str
    asked_by: str
    asked_unit: str = ""
    purpose: PurposePayload
    names: list[str]
    birth_date: str = ""
    documents: list[str] = []


class HitAnswerPayload(PayloadSchema):
    """Exactly three fields: which query, hit or not, and the opaque reference of a hit."""

    query: str
    result: Literal["hit", "no_hit"]
    reference: str = ""


class HitAnswerV2Payload(PayloadSchema):
    """Version 2 adds one result: "refused", when the asked node answers no more queries of this
    peer in the hour (its own limit, whatever the asker enforces). No reference then."""

    query: str
    result: Literal["hit", "no_hit", "refused"]
    reference: str = ""


# --- handlers (run inside the inbox transaction; a ValueError refuses the envelope) ---------------


def apply_case(envelope: IncomingEnvelope, payload: CasePayload) -> None:
    from . import services

    services.receive_case(payload.as_json(), from_party=envelope.from_party)


def apply_request(envelope: IncomingEnvelope, payload: RequestPayload) -> None:
    from . import services

    services.receive_request(payload.as_json(), from_party=envelope.from_party)


def apply_request_update(envelope: IncomingEnvelope, payload: RequestUpdatePayload) -> None:
    from . import services

    services.receive_request_update(payload.as_json(), from_party=envelope.from_party)


def apply_hit_query(envelope: IncomingEnvelope, payload: HitQueryPayload) -> None:
    from . import services

    services.receive_hit_query(payload.as_json(), from_party=envelope.from_party)


def apply_hit_answer(envelope: IncomingEnvelope, payload: HitAnswerPayload | HitAnswerV2Payload) -> None:
    from . import services

    services.receive_hit_answer(payload.as_json(), from_party=envelope.from_party)


# --- the catalogue -------------------------------------------------------------------------------

CASE_SHARED = EnvelopeType(
    name="cases.case.shared",
    version=1,
    schema=CasePayload,
    apply=apply_case,
    sender="The node of the party that opens a joint case, and again when its header changes.",
    effect="Stores or refreshes the case header (reference, title, offence category, status, "
    "parties, units); entities stay on the node that holds them.",
)
REQUEST_SENT = EnvelopeType(
    name="cases.request.sent",
    version=1,
    schema=RequestPayload,
    apply=apply_request,
    sender="The requesting party's node, when an officer asks the other party for assistance.",
    effect="Stores the request for the requested unit with its deadline and schedules its reminders.",
)
REQUEST_UPDATED = EnvelopeType(
    name="cases.request.updated",
    version=1,
    schema=RequestUpdatePayload,
    apply=apply_request_update,
    sender="The requested party's node, when its officer accepts, answers or declines a request.",
    effect="Moves the request to the new status (never backwards) and stores the answer.",
)
HIT_QUERY = EnvelopeType(
    name="cases.hit.query",
    version=1,
    schema=HitQueryPayload,
    apply=apply_hit_query,
    sender="The asking party's node, when an officer asks whether the peer holds a person.",
    effect="Matches the person against the persons this node holds, audits the query with its "
    "purpose and answers with a cases.hit.answer envelope: hit or no hit, nothing else.",
)
HIT_ANSWER = EnvelopeType(
    name="cases.hit.answer",
    version=1,
    schema=HitAnswerPayload,
    apply=apply_hit_answer,
    sender="The asked party's node, in answer to a cases.hit.query.",
    effect="Records the result (and the opaque reference of a hit) on the asking officer's query.",
)

# Sent only for a refusal, so that a node reading v1 alone still gets every hit and no hit.
HIT_ANSWER_V2 = EnvelopeType(
    name="cases.hit.answer",
    version=2,
    schema=HitAnswerV2Payload,
    apply=apply_hit_answer,
    sender="The asked party's node, in answer to a cases.hit.query it refuses to match because "
    "the asking party has asked more than it answers in an hour (hit and no hit still go as v1).",
    effect="Records the result (refused, or hit with its opaque reference, or no hit) on the "
    "asking officer's query.",
)

ENVELOPES = (CASE_SHARED, REQUEST_SENT, REQUEST_UPDATED, HIT_QUERY, HIT_ANSWER, HIT_ANSWER_V2)
