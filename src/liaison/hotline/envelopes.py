"""The hotline's envelope catalogue. An alert goes from the sending unit's node to the receiving
unit's node; its delivery, acknowledgement and escalation steps travel back; a resolution goes
from whichever side resolves it to the other. All of them are sent with priority "immediate", so
they overtake bulk traffic to the same peer.

Times travel as RFC 3339 strings, as written by the node that set them.
"""

from __future__ import annotations

from liaison.federation.public import EnvelopeType, IncomingEnvelope, PayloadSchema


class AlertRaisedPayload(PayloadSchema):
    uid: str
    from_unit: str
    to_unit: str
    kind: str
    offence_category: str | None = None
    subject: str
    details: str = ""
    language: str
    raised_by: str
    raised_at: str


class PlannedStepPayload(PayloadSchema):
    position: int
    round: int = 1
    action: str
    due_at: str


class AlertDeliveredPayload(PayloadSchema):
    uid: str
    delivered_at: str
    deadline_at: str
    steps: list[PlannedStepPayload] = []


class AlertAcknowledgedPayload(PayloadSchema):
    uid: str
    acknowledged_at: str
    acknowledged_by: str
    note: str = ""


class AlertEscalatedPayload(PayloadSchema):
    uid: str
    position: int
    action: str
    done_at: str


class AlertResolvedPayload(PayloadSchema):
    uid: str
    resolved_at: str
    resolved_by: str
    note: str = ""


# --- handlers (run inside the inbox transaction; a ValueError refuses the envelope) ---------------


def apply_raised(envelope: IncomingEnvelope, payload: AlertRaisedPayload) -> None:
    from . import services

    services.receive_alert(payload.model_dump(), from_party=envelope.from_party)


def apply_delivered(envelope: IncomingEnvelope, payload: AlertDeliveredPayload) -> None:
    from . import services

    services.receive_delivered(payload.model_dump(), from_party=envelope.from_party)


def apply_acknowledged(envelope: IncomingEnvelope, payload: AlertAcknowledgedPayload) -> None:
    from . import services

    services.receive_acknowledged(payload.model_dump(), from_party=envelope.from_party)


def apply_escalated(envelope: IncomingEnvelope, payload: AlertEscalatedPayload) -> None:
    from . import services

    services.receive_escalated(payload.model_dump(), from_party=envelope.from_party)


def apply_resolved(envelope: IncomingEnvelope, payload: AlertResolvedPayload) -> None:
    from . import services

    services.receive_resolved(payload.model_dump(), from_party=envelope.from_party)


ALERT_RAISED = EnvelopeType(
    name="hotline.alert.raised",
    version=1,
    schema=AlertRaisedPayload,
    apply=apply_raised,
    sender="The sending unit's node, when a duty officer raises a hotline alert to a counterpart unit.",
    effect="Stores the alert (once, by its uid), starts its acknowledgement deadline from this moment, "
    "plans the receiving unit's escalation chain, pushes it live to the unit's open pages and "
    "notifies the duty officers on duty; answers with hotline.alert.delivered.",
)
ALERT_DELIVERED = EnvelopeType(
    name="hotline.alert.delivered",
    version=1,
    schema=AlertDeliveredPayload,
    apply=apply_delivered,
    sender="The receiving unit's node, as soon as an alert has arrived.",
    effect="Records when the alert arrived, its deadline and the planned escalation steps, so the "
    "sender sees where it stands.",
)
ALERT_ACKNOWLEDGED = EnvelopeType(
    name="hotline.alert.acknowledged",
    version=1,
    schema=AlertAcknowledgedPayload,
    apply=apply_acknowledged,
    sender="The receiving unit's node, when one of its duty officers acknowledges an alert.",
    effect="Marks the alert acknowledged (and the remaining steps not needed) and tells the sender's "
    "open pages live.",
)
ALERT_ESCALATED = EnvelopeType(
    name="hotline.alert.escalated",
    version=1,
    schema=AlertEscalatedPayload,
    apply=apply_escalated,
    sender="The receiving unit's node, each time a step of its escalation chain fires.",
    effect="Marks that step done on the sender's copy of the alert, which shows it live.",
)
ALERT_RESOLVED = EnvelopeType(
    name="hotline.alert.resolved",
    version=1,
    schema=AlertResolvedPayload,
    apply=apply_resolved,
    sender="Either unit's node, when one of its officers closes the alert with a resolution.",
    effect="Marks the alert resolved with the resolution note; pending steps are not needed any more.",
)

ENVELOPES = (ALERT_RAISED, ALERT_DELIVERED, ALERT_ACKNOWLEDGED, ALERT_ESCALATED, ALERT_RESOLVED)
