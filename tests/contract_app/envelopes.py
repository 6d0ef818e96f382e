from liaison.federation.public import EnvelopeType, IncomingEnvelope, PayloadSchema

APPLIED: list[str] = []


class ThingPayload(PayloadSchema):
    name: str


def apply_thing(envelope: IncomingEnvelope, payload: ThingPayload) -> None:
    APPLIED.append(payload.name)


THING = EnvelopeType(
    name="contract_demo.thing",
    version=1,
    schema=ThingPayload,
    apply=apply_thing,
    sender="tests only",
    effect="records the name",
)
ENVELOPES = (THING,)
