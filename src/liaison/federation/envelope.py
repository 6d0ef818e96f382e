"""Envelope protocol v1, pure Python (no Django: import-linter forbids it, STYLE.md rule 13).

An envelope is
    {"v": 1, "id": UUIDv7, "from": party, "to": party, "type": "message.created",
     "created": RFC 3339 UTC, "refs": [...], "payload": {...}, "sig": base64 Ed25519}
where `sig` is the Ed25519 signature of the RFC 8785 canonical form of every other field.

Envelopes travel in a *batch*, whose header (sender, recipient, send time and the ordered list of
envelope ids) is signed as well, and the receiver answers with one signed *receipt* per batch.

Every way an envelope or batch can be wrong has its own exception class with a machine-readable
`code`; the inbox turns that code into the refusal reason the sender sees.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import uuid6
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from liaison.core.canonical import BadSignature as _SignatureMismatch
from liaison.core.canonical import (
    CanonicalError,
    MalformedSignature,
    check_signature,
    public_key_from_b64,
    sign,
)
from liaison.core.canonical import canonical as _canonical

__all__ = [
    "VERSION",
    "BadSignature",
    "Batch",
    "BatchTooLarge",
    "ClockSkew",
    "Envelope",
    "EnvelopeError",
    "EnvelopeTooLarge",
    "MalformedEnvelope",
    "MalformedJSON",
    "Receipt",
    "ReceiptResult",
    "UnsupportedVersion",
    "WrongRecipient",
    "WrongSender",
    "build",
    "canonical",
    "format_time",
    "load_json",
    "new_id",
    "open_batch",
    "open_envelope",
    "open_receipt",
    "parse",
    "parse_time",
    "public_key_from_b64",
    "sign_batch",
    "sign_receipt",
    "verify",
]

VERSION = 1
SIGNED_FIELDS = ("v", "id", "from", "to", "type", "created", "refs", "payload")
_FIELDS = (*SIGNED_FIELDS, "sig")
_PARTY = re.compile(r"^[A-Z]{2}$")
_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_MAX_REF = 200
_MAX_REFS = 100


# --- errors ------------------------------------------------------------------------------------


class EnvelopeError(Exception):
    """Base class: `code` is the machine-readable reason sent back to the peer."""

    code = "invalid_envelope"

    def __init__(self, detail: str, *, envelope_id: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.envelope_id = envelope_id


class MalformedJSON(EnvelopeError):
    """The bytes are not one JSON document (or use NaN, Infinity or a repeated key)."""

    code = "malformed_json"


class MalformedEnvelope(EnvelopeError):
    """JSON, but not an envelope: a field is missing, extra, of the wrong type or not canonicalisable."""

    code = "malformed_envelope"


class UnsupportedVersion(EnvelopeError):
    code = "unsupported_version"


class EnvelopeTooLarge(EnvelopeError):
    code = "envelope_too_large"


class BatchTooLarge(EnvelopeError):
    code = "batch_too_large"


class BadSignature(EnvelopeError):
    """The signature does not match the pinned key: wrong key, or a signed field was changed."""

    code = "bad_signature"


class WrongSender(EnvelopeError):
    """`from` is not the party whose pinned certificate carried the request."""

    code = "sender_mismatch"


class WrongRecipient(EnvelopeError):
    code = "wrong_recipient"


class ClockSkew(EnvelopeError):
    """A timestamp further in the future (or, for a batch, the past) than the allowed skew."""

    code = "clock_skew"


# --- helpers -----------------------------------------------------------------------------------


def new_id() -> str:
    return str(uuid6.uuid7())


def format_time(moment: dt.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, e.g. 2024-03-19T08:00:00.123Z."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    if not isinstance(text, str) or not _TIME.match(text):
        raise ValueError(f"not an RFC 3339 UTC timestamp: {text!r}")
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def canonical(value: Any) -> bytes:
    """RFC 8785 form of a JSON value (core.canonical); MalformedEnvelope for what has none."""
    try:
        return _canonical(value)
    except CanonicalError as exc:
        raise MalformedEnvelope(str(exc)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ValueError(f"key {key!r} repeated")
            seen.add(key)
    return result


def load_json(data: bytes | str) -> Any:
    """Strict JSON: no NaN/Infinity, no repeated keys (they would make the signed form ambiguous)."""
    try:
        return json.loads(data, parse_constant=_reject_constant, object_pairs_hook=_no_repeated_keys)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise MalformedJSON(f"malformed JSON: {exc}") from None


def _check_sig(key: Ed25519PublicKey, sig: Any, message: bytes, what: str, envelope_id: str | None) -> None:
    """core.canonical's check, its failures turned into the refusal reasons the sender reads."""
    try:
        check_signature(key, sig, message)
    except MalformedSignature as exc:
        detail = str(exc).removeprefix("the signature ")
        raise MalformedEnvelope(f"{what}: 'sig' {detail}", envelope_id=envelope_id) from None
    except _SignatureMismatch as exc:
        detail = str(exc).replace("the signature does not match the key", _NO_MATCH)
        raise BadSignature(f"{what}: {detail}", envelope_id=envelope_id) from None


_NO_MATCH = "signature does not match the pinned key of the sender"


# --- envelopes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    """A signed envelope. `as_dict()` is exactly what travels; `signed_bytes` what `sig` covers."""

    id: str
    from_party: str
    to_party: str
    type: str
    created: str
    payload: dict[str, Any]
    refs: tuple[str, ...] = ()
    sig: str = ""
    v: int = VERSION

    def signed_fields(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "id": self.id,
            "from": self.from_party,
            "to": self.to_party,
            "type": self.type,
            "created": self.created,
            "refs": list(self.refs),
            "payload": self.payload,
        }

    def signed_bytes(self) -> bytes:
        return canonical(self.signed_fields())

    def as_dict(self) -> dict[str, Any]:
        return {**self.signed_fields(), "sig": self.sig}

    @property
    def created_at(self) -> dt.datetime:
        return parse_time(self.created)


def build(
    envelope_type: str,
    payload: Mapping[str, Any],
    *,
    from_party: str,
    to_party: str,
    key: Ed25519PrivateKey,
    refs: Iterable[str] = (),
    created: dt.datetime | None = None,
    envelope_id: str | None = None,
) -> Envelope:
    """A new signed envelope (id: fresh UUIDv7; created: now, unless given)."""
    unsigned = Envelope(
        id=envelope_id or new_id(),
        from_party=from_party,
        to_party=to_party,
        type=envelope_type,
        created=format_time(created or dt.datetime.now(dt.UTC)),
        payload=dict(payload),
        refs=tuple(refs),
    )
    _validate(unsigned.as_dict(), require_sig=False)
    message = unsigned.signed_bytes()
    return Envelope(**{**unsigned.__dict__, "sig": sign(key, message)})


_FIELD_SET = frozenset(_FIELDS)
# Exactly the strings `uuid.UUID` parses as version 7 and prints back unchanged: lowercase, hyphens
# in place, version nibble 7, RFC 4122 variant (8, 9, a or b).
_UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _plainly_valid(obj: Any) -> bool:
    """True only for a well-formed signed envelope (exact types): the common case, checked in one
    pass. False means "not sure": `_validate` then runs every check in order and names the problem."""
    if type(obj) is not dict or obj.keys() != _FIELD_SET:
        return False
    v, envelope_id, from_party, to_party = obj["v"], obj["id"], obj["from"], obj["to"]
    envelope_type, created, refs = obj["type"], obj["created"], obj["refs"]
    if not (
        type(v) is int
        and v == VERSION
        and type(envelope_id) is str
        and _UUID7.fullmatch(envelope_id)
        and type(from_party) is str
        and _PARTY.match(from_party)
        and type(to_party) is str
        and _PARTY.match(to_party)
        and type(envelope_type) is str
        and len(envelope_type) <= 80
        and _TYPE.match(envelope_type)
        and type(created) is str
        and _TIME.match(created)
        and type(refs) is list
        and len(refs) <= _MAX_REFS
        and all(type(r) is str and 0 < len(r) <= _MAX_REF for r in refs)
        and type(obj["payload"]) is dict
    ):
        return False
    try:
        dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _validate(obj: Any, *, require_sig: bool = True) -> None:
    if require_sig and _plainly_valid(obj):
        return
    if not isinstance(obj, dict):
        raise MalformedEnvelope("an envelope is a JSON object")
    raw_id = obj.get("id")
    envelope_id = raw_id if isinstance(raw_id, str) else None

    def bad(detail: str) -> MalformedEnvelope:
        return MalformedEnvelope(detail, envelope_id=envelope_id)

    if "v" in obj and obj["v"] != VERSION:
        raise UnsupportedVersion(
            f"unsupported envelope version {obj['v']!r}; this node speaks v{VERSION}", envelope_id=envelope_id
        )
    expected = set(_FIELDS) if require_sig else set(SIGNED_FIELDS)
    missing = expected - set(obj) - ({"sig"} if not require_sig else set())
    if missing:
        raise bad("missing field(s): " + ", ".join(sorted(missing)))
    extra = set(obj) - set(_FIELDS)
    if extra:
        raise bad("unknown field(s): " + ", ".join(sorted(extra)))
    if type(obj["v"]) is not int:
        raise bad("'v' must be the integer 1")
    if not isinstance(raw_id, str):
        raise bad("'id' must be a string")
    try:
        parsed = uuid.UUID(raw_id)
    except ValueError:
        raise bad("'id' is not a UUID") from None
    if parsed.version != 7 or str(parsed) != raw_id:
        raise bad("'id' must be a UUIDv7 in lowercase canonical form")
    for name in ("from", "to"):
        if not isinstance(obj[name], str) or not _PARTY.match(obj[name]):
            raise bad(f"'{name}' must be a two-letter party code")
    if not isinstance(obj["type"], str) or not _TYPE.match(obj["type"]) or len(obj["type"]) > 80:
        raise bad("'type' must look like 'app.event' (lowercase, dotted)")
    if not isinstance(obj["created"], str) or not _TIME.match(obj["created"]):
        raise bad("'created' must be an RFC 3339 UTC timestamp such as 2024-03-19T08:00:00.000Z")
    try:
        parse_time(obj["created"])
    except ValueError:
        raise bad("'created' is not a valid date and time") from None
    refs = obj["refs"]
    if not isinstance(refs, list) or len(refs) > _MAX_REFS:
        raise bad(f"'refs' must be a list of at most {_MAX_REFS} strings")
    if any(not isinstance(r, str) or not r or len(r) > _MAX_REF for r in refs):
        raise bad(f"each ref is a non-empty string of at most {_MAX_REF} characters")
    if not isinstance(obj["payload"], dict):
        raise bad("'payload' must be a JSON object")


def parse(obj: Any) -> Envelope:
    """Check the shape of a decoded envelope (not its signature) and return it."""
    _validate(obj)
    return Envelope(
        id=obj["id"],
        from_party=obj["from"],
        to_party=obj["to"],
        type=obj["type"],
        created=obj["created"],
        payload=obj["payload"],
        refs=tuple(obj["refs"]),
        sig=obj["sig"],
    )


def verify(envelope: Envelope, public_key: Ed25519PublicKey) -> bytes:
    """Raise BadSignature unless `sig` matches; returns the canonical signed bytes."""
    try:
        message = envelope.signed_bytes()
    except MalformedEnvelope as exc:
        raise MalformedEnvelope(exc.detail, envelope_id=envelope.id) from None
    _check_sig(public_key, envelope.sig, message, "envelope", envelope.id)
    return message


def open_envelope(
    obj: Any,
    *,
    public_key: Ed25519PublicKey,
    expect_from: str,
    expect_to: str,
    now: dt.datetime,
    max_skew: dt.timedelta,
    max_bytes: int,
) -> tuple[Envelope, bytes]:
    """Everything the receiver checks on one envelope, in order; returns it and its signed bytes.

    Old `created` times are accepted (a peer that was down for a week sends week-old envelopes);
    one further in the future than `max_skew` is refused: the sender's clock is wrong.
    """
    envelope = parse(obj)
    if envelope.from_party != expect_from:
        raise WrongSender(
            f"'from' is {envelope.from_party} but the request came from {expect_from}'s pinned certificate",
            envelope_id=envelope.id,
        )
    if envelope.to_party != expect_to:
        raise WrongRecipient(
            f"'to' is {envelope.to_party}; this node is {expect_to}", envelope_id=envelope.id
        )
    message = verify(envelope, public_key)
    if len(message) + 100 > max_bytes:
        raise EnvelopeTooLarge(
            f"envelope is {len(message)} bytes; the limit is {max_bytes}", envelope_id=envelope.id
        )
    if envelope.created_at > now + max_skew:
        raise ClockSkew(
            f"'created' {envelope.created} is more than {int(max_skew.total_seconds())} s "
            "ahead of this node's clock",
            envelope_id=envelope.id,
        )
    return envelope, message


# --- batches and receipts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """What one POST to the inbox carries: a signed header and the envelopes, in sending order."""

    id: str
    from_party: str
    to_party: str
    sent: str
    envelopes: tuple[dict[str, Any], ...]
    sig: str = ""

    def header(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "batch": self.id,
            "from": self.from_party,
            "to": self.to_party,
            "sent": self.sent,
            "ids": [e.get("id") if isinstance(e, dict) else None for e in self.envelopes],
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "batch": self.id,
            "from": self.from_party,
            "to": self.to_party,
            "sent": self.sent,
            "sig": self.sig,
            "envelopes": list(self.envelopes),
        }


def sign_batch(
    envelopes: Sequence[dict[str, Any]],
    *,
    from_party: str,
    to_party: str,
    key: Ed25519PrivateKey,
    sent: dt.datetime | None = None,
) -> Batch:
    batch = Batch(
        id=new_id(),
        from_party=from_party,
        to_party=to_party,
        sent=format_time(sent or dt.datetime.now(dt.UTC)),
        envelopes=tuple(envelopes),
    )
    return Batch(**{**batch.__dict__, "sig": sign(key, canonical(batch.header()))})


def open_batch(
    obj: Any,
    *,
    public_key: Ed25519PublicKey,
    expect_from: str,
    expect_to: str,
    now: dt.datetime,
    max_skew: dt.timedelta,
    max_count: int,
) -> Batch:
    """Check a batch's shape, header signature and send time (within ±max_skew of `now`)."""
    if not isinstance(obj, dict):
        raise MalformedEnvelope("a batch is a JSON object")
    keys = {"v", "batch", "from", "to", "sent", "sig", "envelopes"}
    if set(obj) != keys:
        raise MalformedEnvelope("a batch has exactly the fields: " + ", ".join(sorted(keys)))
    if obj["v"] != VERSION or type(obj["v"]) is not int:
        raise UnsupportedVersion(f"unsupported batch version {obj['v']!r}")
    envelopes = obj["envelopes"]
    if not isinstance(envelopes, list):
        raise MalformedEnvelope("'envelopes' must be a list")
    if len(envelopes) > max_count:
        raise BatchTooLarge(f"{len(envelopes)} envelopes in one batch; the limit is {max_count}")
    if not all(isinstance(obj[k], str) for k in ("batch", "from", "to", "sent")):
        raise MalformedEnvelope("'batch', 'from', 'to' and 'sent' must be strings")
    try:
        sent_at = parse_time(obj["sent"])
    except ValueError:
        raise MalformedEnvelope("'sent' must be an RFC 3339 UTC timestamp") from None
    batch = Batch(
        id=obj["batch"],
        from_party=obj["from"],
        to_party=obj["to"],
        sent=obj["sent"],
        envelopes=tuple(envelopes),
        sig=obj["sig"],
    )
    if batch.from_party != expect_from:
        raise WrongSender(f"batch 'from' is {batch.from_party} but the request came from {expect_from}")
    if batch.to_party != expect_to:
        raise WrongRecipient(f"batch 'to' is {batch.to_party}; this node is {expect_to}")
    _check_sig(public_key, batch.sig, canonical(batch.header()), "batch", None)
    if abs(sent_at - now) > max_skew:
        raise ClockSkew(
            f"batch sent at {batch.sent}, more than {int(max_skew.total_seconds())} s away from "
            "this node's clock"
        )
    return batch


@dataclass(frozen=True)
class ReceiptResult:
    id: str
    outcome: str  # applied | duplicate | refused
    reason: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        row = {"id": self.id, "outcome": self.outcome}
        if self.outcome == "refused":
            row.update(reason=self.reason, detail=self.detail)
        return row


@dataclass(frozen=True)
class Receipt:
    """The receiver's signed answer to one batch: each envelope id and its outcome, in batch order."""

    batch: str
    from_party: str
    to_party: str
    received: str
    results: tuple[ReceiptResult, ...] = field(default_factory=tuple)
    sig: str = ""

    def signed_fields(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "kind": "receipt",
            "batch": self.batch,
            "from": self.from_party,
            "to": self.to_party,
            "received": self.received,
            "results": [r.as_dict() for r in self.results],
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.signed_fields(), "sig": self.sig}


def sign_receipt(
    batch_id: str,
    results: Sequence[ReceiptResult],
    *,
    from_party: str,
    to_party: str,
    key: Ed25519PrivateKey,
    received: dt.datetime | None = None,
) -> Receipt:
    receipt = Receipt(
        batch=batch_id,
        from_party=from_party,
        to_party=to_party,
        received=format_time(received or dt.datetime.now(dt.UTC)),
        results=tuple(results),
    )
    return Receipt(**{**receipt.__dict__, "sig": sign(key, canonical(receipt.signed_fields()))})


def open_receipt(
    obj: Any,
    *,
    public_key: Ed25519PublicKey,
    batch_id: str,
    expect_from: str,
    expect_to: str,
    expect_ids: Sequence[str],
) -> Receipt:
    """The sender's check of a receipt: signed by the peer's pinned key, for this batch, every id once."""
    if not isinstance(obj, dict) or obj.get("kind") != "receipt":
        raise MalformedEnvelope("not a receipt")
    try:
        results = tuple(
            ReceiptResult(
                id=r["id"], outcome=r["outcome"], reason=r.get("reason", ""), detail=r.get("detail", "")
            )
            for r in obj["results"]
        )
        receipt = Receipt(
            batch=obj["batch"],
            from_party=obj["from"],
            to_party=obj["to"],
            received=obj["received"],
            results=results,
            sig=obj["sig"],
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise MalformedEnvelope(f"receipt is missing a field: {exc}") from None
    _check_sig(public_key, receipt.sig, canonical(receipt.signed_fields()), "receipt", None)
    if receipt.batch != batch_id or receipt.from_party != expect_from or receipt.to_party != expect_to:
        raise MalformedEnvelope("receipt is for another batch or between other parties")
    if [r.id for r in receipt.results] != list(expect_ids):
        raise MalformedEnvelope("receipt does not list exactly the ids of the batch, in order")
    if any(r.outcome not in {"applied", "duplicate", "refused"} for r in receipt.results):
        raise MalformedEnvelope("receipt has an unknown outcome")
    return receipt
