"""Each way an envelope or a batch header can be malformed gets its own refusal (class, code and a
detail that names the field), checked directly on the pure envelope module."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.federation import envelope

KEY = Ed25519PrivateKey.generate()
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)  # what a formatted time holds exactly


def good() -> dict[str, Any]:
    return envelope.build("federation.ping.v1", {"n": 1}, from_party="LA", to_party="VN", key=KEY).as_dict()


ENVELOPES = {
    "not an object": (lambda e: [e], envelope.MalformedEnvelope, "an envelope is a JSON object"),
    "version 2": (
        lambda e: {**e, "v": 2},
        envelope.UnsupportedVersion,
        "unsupported envelope version 2; this node speaks v1",
    ),
    "missing created": (
        lambda e: {k: v for k, v in e.items() if k != "created"},
        envelope.MalformedEnvelope,
        "missing field(s): created",
    ),
    "extra field": (lambda e: {**e, "x": 1}, envelope.MalformedEnvelope, "unknown field(s): x"),
    "missing two fields": (
        lambda e: {k: v for k, v in e.items() if k not in ("refs", "created")},
        envelope.MalformedEnvelope,
        "missing field(s): created, refs",
    ),
    "two extra fields": (
        lambda e: {**e, "y": 1, "x": 1},
        envelope.MalformedEnvelope,
        "unknown field(s): x, y",
    ),
    "v as text": (lambda e: {**e, "v": True}, envelope.MalformedEnvelope, "'v' must be the integer 1"),
    "id not text": (lambda e: {**e, "id": 7}, envelope.MalformedEnvelope, "'id' must be a string"),
    "id not a uuid": (lambda e: {**e, "id": "nope"}, envelope.MalformedEnvelope, "'id' is not a UUID"),
    "id uuid4": (
        lambda e: {**e, "id": "5d6f7a1e-0000-4000-8000-000000000001"},
        envelope.MalformedEnvelope,
        "'id' must be a UUIDv7 in lowercase canonical form",
    ),
    "id upper case": (
        lambda e: {**e, "id": e["id"].upper()},
        envelope.MalformedEnvelope,
        "'id' must be a UUIDv7 in lowercase canonical form",
    ),
    "from lower case": (
        lambda e: {**e, "from": "la"},
        envelope.MalformedEnvelope,
        "'from' must be a two-letter party code",
    ),
    "to a number": (
        lambda e: {**e, "to": 1},
        envelope.MalformedEnvelope,
        "'to' must be a two-letter party code",
    ),
    "type undotted": (
        lambda e: {**e, "type": "ping"},
        envelope.MalformedEnvelope,
        "'type' must look like 'app.event' (lowercase, dotted)",
    ),
    "type one too long": (
        lambda e: {**e, "type": "a." + "b" * 79},  # 81 characters: the limit is 80, not 81
        envelope.MalformedEnvelope,
        "'type' must look like 'app.event' (lowercase, dotted)",
    ),
    "type too long": (
        lambda e: {**e, "type": "a." + "b" * 80},
        envelope.MalformedEnvelope,
        "'type' must look like 'app.event' (lowercase, dotted)",
    ),
    "created not UTC": (
        lambda e: {**e, "created": "2024-03-19T08:00:00+07:00"},
        envelope.MalformedEnvelope,
        "'created' must be an RFC 3339 UTC timestamp such as 2024-03-19T08:00:00.000Z",
    ),
    "created impossible date": (
        lambda e: {**e, "created": "2024-02-30T08:00:00.000Z"},
        envelope.MalformedEnvelope,
        "'created' is not a valid date and time",
    ),
    "refs not a list": (
        lambda e: {**e, "refs": "a"},
        envelope.MalformedEnvelope,
        "'refs' must be a list of at most 100 strings",
    ),
    "too many refs": (
        lambda e: {**e, "refs": ["a"] * 101},
        envelope.MalformedEnvelope,
        "'refs' must be a list of at most 100 strings",
    ),
    "empty ref": (
        lambda e: {**e, "refs": [""]},
        envelope.MalformedEnvelope,
        "each ref is a non-empty string of at most 200 characters",
    ),
    "long ref": (
        lambda e: {**e, "refs": ["x" * 201]},
        envelope.MalformedEnvelope,
        "each ref is a non-empty string of at most 200 characters",
    ),
    "payload a list": (
        lambda e: {**e, "payload": []},
        envelope.MalformedEnvelope,
        "'payload' must be a JSON object",
    ),
}


@pytest.mark.parametrize("case", sorted(ENVELOPES))
def test_each_malformed_envelope_has_its_reason(case: str) -> None:
    change, error, detail = ENVELOPES[case]
    env = good()
    with pytest.raises(error) as raised:
        envelope.parse(change(env))
    assert raised.value.detail == detail  # verbatim in the refusal the sending node logs
    expected_id = env["id"] if case not in {"not an object", "id not text"} else None
    if case in {"id not a uuid", "id uuid4", "id upper case"}:
        expected_id = change(env)["id"]
    assert raised.value.envelope_id == expected_id


def test_limits_are_inclusive() -> None:
    """80-character type, 100 refs of 200 characters: accepted by the one-pass check (parse) and by
    the full check (build, which always runs it)."""
    refs, envelope_type = ["x" * 200] * 100, "a." + "b" * 78
    env = {**good(), "refs": refs, "type": envelope_type}
    assert envelope.parse(env).refs == tuple(refs)
    built = envelope.build(envelope_type, {"n": 1}, from_party="LA", to_party="VN", key=KEY, refs=refs)
    assert (built.type, built.refs) == (envelope_type, tuple(refs))


def test_times() -> None:
    with pytest.raises(ValueError, match=r"^timestamps must be timezone-aware$"):
        envelope.format_time(dt.datetime(2024, 1, 1))
    assert envelope.format_time(dt.datetime(2024, 1, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=7)))) == (
        "2024-01-01T00:00:00.000Z"
    )
    for bad in (None, "2024-01-01", "2024-01-01T00:00:00+00:00"):
        with pytest.raises(ValueError, match="not an RFC 3339 UTC timestamp"):
            envelope.parse_time(bad)  # type: ignore[arg-type]
    assert envelope.parse_time("2024-01-01T00:00:00.5Z") == dt.datetime(
        2024, 1, 1, 0, 0, 0, 500000, tzinfo=dt.UTC
    )


def _batch(**changes: Any) -> dict[str, Any]:
    batch = envelope.sign_batch([good()], from_party="LA", to_party="VN", key=KEY, sent=NOW).as_dict()
    return {**batch, **changes}


# what this node (VN) holds a request from LA against
_EXPECT: dict[str, Any] = {
    "public_key": KEY.public_key(),
    "expect_from": "LA",
    "expect_to": "VN",
    "now": NOW,
    "max_skew": dt.timedelta(seconds=300),
}


def _open(obj: Any, **overrides: Any) -> envelope.Batch:
    return envelope.open_batch(obj, **{**_EXPECT, "max_count": 10, **overrides})


BATCHES = {
    "not an object": ([], envelope.MalformedEnvelope, "a batch is a JSON object"),
    "missing sig": (
        "drop-sig",
        envelope.MalformedEnvelope,
        "a batch has exactly the fields: batch, envelopes, from, sent, sig, to, v",
    ),
    "version 2": (_batch(v=2), envelope.UnsupportedVersion, "unsupported batch version 2"),
    "version true": (_batch(v=True), envelope.UnsupportedVersion, "unsupported batch version True"),
    "envelopes not a list": (_batch(envelopes={}), envelope.MalformedEnvelope, "'envelopes' must be a list"),
    "batch id not text": (
        _batch(batch=1),
        envelope.MalformedEnvelope,
        "'batch', 'from', 'to' and 'sent' must be strings",
    ),
    "sent not a time": (
        _batch(sent="yesterday"),
        envelope.MalformedEnvelope,
        "'sent' must be an RFC 3339 UTC timestamp",
    ),
    "from another party": (
        _batch(**{"from": "KH"}),
        envelope.WrongSender,
        "batch 'from' is KH but the request came from LA",
    ),
    "to another party": (_batch(to="KH"), envelope.WrongRecipient, "batch 'to' is KH; this node is VN"),
}


@pytest.mark.parametrize("case", sorted(BATCHES))
def test_each_malformed_batch_has_its_reason(case: str) -> None:
    """The code and the whole detail: both travel verbatim in the refusal the sending node logs."""
    obj, error, detail = BATCHES[case]
    if obj == "drop-sig":
        obj = {k: v for k, v in _batch().items() if k != "sig"}
    with pytest.raises(error) as raised:
        _open(obj)
    assert (raised.value.code, raised.value.detail) == (error.code, detail)


def test_batch_header_covers_every_field_and_the_order_of_ids() -> None:
    two = envelope.sign_batch([good(), good()], from_party="LA", to_party="VN", key=KEY, sent=NOW).as_dict()
    assert _open(two).id == two["batch"]
    for changed in (
        {**two, "envelopes": two["envelopes"][::-1]},
        {**two, "envelopes": two["envelopes"][:1]},
        {**two, "batch": envelope.new_id()},
        {**two, "sent": envelope.format_time(NOW + dt.timedelta(seconds=1))},
    ):
        with pytest.raises(envelope.BadSignature, match="batch: signature does not match the pinned key"):
            _open(changed)


def test_batch_count_and_clock_limits() -> None:
    assert len(_open(_batch(), max_count=1).envelopes) == 1
    with pytest.raises(envelope.BatchTooLarge, match="1 envelopes in one batch; the limit is 0"):
        _open(_batch(), max_count=0)
    edge = dt.timedelta(seconds=300)
    assert _open(_batch(), now=NOW + edge).id and _open(_batch(), now=NOW - edge).id
    batch = _batch()
    for now in (NOW + edge + dt.timedelta(milliseconds=1), NOW - edge - dt.timedelta(milliseconds=1)):
        with pytest.raises(envelope.ClockSkew) as refused:
            _open(batch, now=now)
        # the detail goes to the sending node's operator as it is: it must say whose clock to check
        assert refused.value.detail == (
            f"batch sent at {batch['sent']}, more than 300 s away from this node's clock"
        )


def test_envelope_clock_and_size_limits() -> None:
    env = envelope.build(
        "federation.ping.v1", {"n": 1}, from_party="LA", to_party="VN", key=KEY, created=NOW
    ).as_dict()
    args: dict[str, Any] = {
        "public_key": KEY.public_key(),
        "expect_from": "LA",
        "expect_to": "VN",
        "now": NOW,
        "max_skew": dt.timedelta(seconds=300),
    }
    size = len(envelope.parse(env).signed_bytes())
    opened, signed = envelope.open_envelope(env, max_bytes=size + 100, **args)
    assert opened.id == env["id"] and len(signed) == size
    with pytest.raises(
        envelope.EnvelopeTooLarge, match=f"envelope is {size} bytes; the limit is {size + 99}"
    ):
        envelope.open_envelope(env, max_bytes=size + 99, **args)
    early = {**args, "now": NOW - dt.timedelta(seconds=300)}
    assert envelope.open_envelope(env, max_bytes=10_000, **early)[0].id == env["id"]
    with pytest.raises(envelope.ClockSkew, match="more than 300 s ahead"):
        envelope.open_envelope(env, max_bytes=10_000, **{**args, "now": NOW - dt.timedelta(seconds=301)})


def _signed_by(key: Ed25519PrivateKey, **fields: Any) -> dict[str, Any]:
    built = envelope.build(
        "federation.ping.v1", {"n": 1}, from_party="LA", to_party="VN", key=key, created=NOW
    )
    return {**built.as_dict(), **fields}


def _open_one(obj: dict[str, Any], **overrides: Any) -> tuple[envelope.Envelope, bytes]:
    return envelope.open_envelope(obj, **{**_EXPECT, "max_bytes": 10_000, **overrides})


def test_each_refused_envelope_names_the_fault_verbatim() -> None:
    """What the inbox sends back per envelope (its code and detail) for a well-formed envelope that
    is not from the requesting peer, not for this node, not signed by the pinned key, too large or
    from a clock ahead; the envelope's id travels with each."""
    other = Ed25519PrivateKey.generate()
    env = _signed_by(KEY)
    size = len(envelope.parse(env).signed_bytes())
    cases: list[tuple[dict[str, Any], dict[str, Any], type[envelope.EnvelopeError], str]] = [
        (
            env,
            {"expect_from": "KH"},
            envelope.WrongSender,
            "'from' is LA but the request came from KH's pinned certificate",
        ),
        (env, {"expect_to": "KH"}, envelope.WrongRecipient, "'to' is VN; this node is KH"),
        (
            _signed_by(other),
            {},
            envelope.BadSignature,
            "envelope: signature does not match the pinned key of the sender",
        ),
        (
            {**env, "sig": "AAAA"},
            {},
            envelope.BadSignature,
            "envelope: an Ed25519 signature is 64 bytes, got 3",
        ),
        ({**env, "sig": "***"}, {}, envelope.MalformedEnvelope, "envelope: 'sig' is not base64"),
        ({**env, "sig": 7}, {}, envelope.MalformedEnvelope, "envelope: 'sig' must be a base64 string"),
        (
            env,
            {"max_bytes": size + 99},
            envelope.EnvelopeTooLarge,
            f"envelope is {size} bytes; the limit is {size + 99}",
        ),
        (
            env,
            {"now": NOW - dt.timedelta(seconds=301)},
            envelope.ClockSkew,
            f"'created' {env['created']} is more than 300 s ahead of this node's clock",
        ),
    ]
    for obj, overrides, error, detail in cases:
        with pytest.raises(error) as raised:
            _open_one(obj, **overrides)
        assert (raised.value.code, raised.value.detail, raised.value.envelope_id) == (
            error.code,
            detail,
            obj["id"],
        )


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('{"a": 1, "a": 2}', "malformed JSON: key 'a' repeated"),
        ('{"a": 1, "b": {"c": 1, "d": 2, "d": 3}}', "malformed JSON: key 'd' repeated"),
        ('{"a": Infinity}', "malformed JSON: Infinity is not JSON"),
        ('{"a": -Infinity}', "malformed JSON: -Infinity is not JSON"),
        ("{", "malformed JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ],
)
def test_json_that_has_no_single_reading_is_refused_by_name(text: str, detail: str) -> None:
    with pytest.raises(envelope.MalformedJSON) as raised:
        envelope.load_json(text)
    assert (raised.value.code, raised.value.detail) == ("malformed_json", detail)


def test_json_with_distinct_keys_at_every_level_is_read() -> None:
    assert envelope.load_json('{"a": {"a": 1}, "b": [{"a": 2, "b": 3}]}') == {
        "a": {"a": 1},
        "b": [{"a": 2, "b": 3}],
    }


def test_a_payload_with_no_canonical_form_is_refused_by_name() -> None:
    """A peer's envelope whose payload has a number RFC 8785 cannot write: refused as malformed, the
    detail naming the number, with the envelope's id."""
    env = {**_signed_by(KEY), "payload": {"n": 2**60}}
    with pytest.raises(envelope.MalformedEnvelope) as raised:
        _open_one(env)
    assert (raised.value.detail, raised.value.envelope_id) == (
        "not canonicalisable JSON: 1152921504606846976 exceeds safe integer domain for JSON floats",
        env["id"],
    )
