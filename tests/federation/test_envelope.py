"""The pure envelope core: round trip, and any change to any signed field fails verification."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.federation import envelope

KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()
NOW = dt.datetime(2024, 3, 19, 8, 0, tzinfo=dt.UTC)
SKEW = dt.timedelta(minutes=5)

# JSON values RFC 8785 can express: integers within ±2^53, finite floats, any text but NUL (which
# envelopes refuse: PostgreSQL's JSON cannot store it; tested in test_inbox.py).
text_no_nul = st.characters(codec="utf-8", blacklist_characters="\x00")
json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(text_no_nul, max_size=30)
)
json_values = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(text_no_nul, max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
payloads = st.dictionaries(st.text(text_no_nul, max_size=12), json_values, max_size=5)
types = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){1,2}\Z")
refs = st.lists(st.text(text_no_nul, min_size=1, max_size=20), max_size=4)
created = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2024, 3, 19), timezones=st.just(dt.UTC)
)


def open_(obj: object, key: Ed25519PrivateKey = KEY) -> envelope.Envelope:
    return envelope.open_envelope(
        obj,
        public_key=key.public_key(),
        expect_from="VN",
        expect_to="LA",
        now=NOW,
        max_skew=SKEW,
        max_bytes=1_000_000,
    )[0]


@given(type_=types, payload=payloads, refs=refs, created=created)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip(type_: str, payload: dict, refs: list[str], created: dt.datetime) -> None:
    sent = envelope.build(type_, payload, from_party="VN", to_party="LA", key=KEY, refs=refs, created=created)
    wire = json.dumps(sent.as_dict())  # what travels
    got = open_(envelope.load_json(wire))
    assert got == sent
    assert got.payload == payload and list(got.refs) == refs and got.type == type_
    assert envelope.parse_time(got.created) == created.replace(microsecond=created.microsecond // 1000 * 1000)


def _different(value: object, data: st.DataObject) -> object:
    replacement = data.draw(json_values.filter(lambda v: v != value or type(v) is not type(value)))
    return replacement


@given(field=st.sampled_from(envelope.SIGNED_FIELDS), payload=payloads, data=st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_change_to_a_signed_field_fails(field: str, payload: dict, data: st.DataObject) -> None:
    sent = envelope.build("message.created", payload, from_party="VN", to_party="LA", key=KEY, refs=["x"])
    obj = sent.as_dict()
    alternatives = {
        "v": st.sampled_from([0, 2, True, "1", 1.5]),
        "id": st.just(envelope.new_id()),
        "from": st.sampled_from(["KH", "TH", "vn", "VNM"]),
        "to": st.sampled_from(["KH", "VN", "la"]),
        "type": types.filter(lambda t: t != "message.created"),
        "created": created.map(envelope.format_time).filter(lambda t: t != obj["created"]),
        "refs": refs.filter(lambda r: r != ["x"]),
        "payload": payloads.filter(lambda p: p != payload),
    }
    obj[field] = data.draw(alternatives[field])
    with pytest.raises(envelope.EnvelopeError):
        open_(json.loads(json.dumps(obj)))


@given(payload=payloads, data=st.data())
@settings(max_examples=100)
def test_any_change_inside_the_payload_fails(payload: dict, data: st.DataObject) -> None:
    payload = {**payload, "k": "v"}
    sent = envelope.build("message.created", payload, from_party="VN", to_party="LA", key=KEY)
    obj = sent.as_dict()
    key = data.draw(st.sampled_from(sorted(payload)))
    obj["payload"] = {**payload, key: data.draw(json_values.filter(lambda v: v != payload[key]))}
    with pytest.raises(envelope.BadSignature):
        open_(obj)


def test_signature_by_another_key_is_bad() -> None:
    sent = envelope.build("message.created", {"a": 1}, from_party="VN", to_party="LA", key=OTHER_KEY)
    with pytest.raises(envelope.BadSignature) as err:
        open_(sent.as_dict())
    assert err.value.code == "bad_signature"


def test_ids_are_uuid7_and_increase() -> None:
    a, b = (envelope.build("a.b", {}, from_party="VN", to_party="LA", key=KEY) for _ in range(2))
    assert a.id[14] == "7" and a.id < b.id


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda o: o.pop("sig"), envelope.MalformedEnvelope),
        (lambda o: o.update(extra=1), envelope.MalformedEnvelope),
        (lambda o: o.update(v=2), envelope.UnsupportedVersion),
        (lambda o: o.update(id="not-a-uuid"), envelope.MalformedEnvelope),
        (lambda o: o.update(id="0190a2a4-6a2b-4c3f-8d1e-1234567890ab"), envelope.MalformedEnvelope),  # v4
        (lambda o: o.update(created="19 March 2024"), envelope.MalformedEnvelope),
        (lambda o: o.update(payload=[1]), envelope.MalformedEnvelope),
        (lambda o: o.update(sig="***"), envelope.MalformedEnvelope),
        (lambda o: o.update(sig="AAAA"), envelope.BadSignature),
        (lambda o: o.update({"from": "KH"}), envelope.WrongSender),
        (lambda o: o.update(to="KH"), envelope.WrongRecipient),
    ],
)
def test_each_fault_has_its_exception(mutate, error) -> None:  # type: ignore[no-untyped-def]
    obj = envelope.build("a.b", {"x": 1}, from_party="VN", to_party="LA", key=KEY).as_dict()
    mutate(obj)
    with pytest.raises(error) as err:
        open_(obj)
    assert err.value.code == error.code


def test_future_timestamp_beyond_skew_is_refused_but_old_ones_pass() -> None:
    future = envelope.build("a.b", {}, from_party="VN", to_party="LA", key=KEY, created=NOW + SKEW * 2)
    with pytest.raises(envelope.ClockSkew):
        open_(future.as_dict())
    old = envelope.build(
        "a.b", {}, from_party="VN", to_party="LA", key=KEY, created=NOW - dt.timedelta(days=7)
    )
    assert open_(old.as_dict()) == old


def test_size_limit() -> None:
    big = envelope.build("a.b", {"t": "x" * 5000}, from_party="VN", to_party="LA", key=KEY)
    with pytest.raises(envelope.EnvelopeTooLarge):
        envelope.open_envelope(
            big.as_dict(),
            public_key=KEY.public_key(),
            expect_from="VN",
            expect_to="LA",
            now=NOW,
            max_skew=SKEW,
            max_bytes=4096,
        )


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": 1, "a": 2}', "{", b"\xff"])
def test_strict_json(text: str | bytes) -> None:
    with pytest.raises(envelope.MalformedJSON):
        envelope.load_json(text)


def test_not_canonicalisable_payload_is_malformed() -> None:
    with pytest.raises(envelope.MalformedEnvelope):
        envelope.build("a.b", {"n": 2**60}, from_party="VN", to_party="LA", key=KEY)


def test_batch_and_receipt_round_trip() -> None:
    env = envelope.build("a.b", {}, from_party="VN", to_party="LA", key=KEY)
    batch = envelope.sign_batch([env.as_dict()], from_party="VN", to_party="LA", key=KEY, sent=NOW)
    opened = envelope.open_batch(
        json.loads(json.dumps(batch.as_dict())),
        public_key=KEY.public_key(),
        expect_from="VN",
        expect_to="LA",
        now=NOW,
        max_skew=SKEW,
        max_count=10,
    )
    assert opened.envelopes[0]["id"] == env.id
    receipt = envelope.sign_receipt(
        batch.id, [envelope.ReceiptResult(env.id, "applied")], from_party="LA", to_party="VN", key=OTHER_KEY
    )
    got = envelope.open_receipt(
        receipt.as_dict(),
        public_key=OTHER_KEY.public_key(),
        batch_id=batch.id,
        expect_from="LA",
        expect_to="VN",
        expect_ids=[env.id],
    )
    assert got.results[0].outcome == "applied"
    forged = receipt.as_dict()
    forged["results"][0]["outcome"] = "duplicate"
    with pytest.raises(envelope.BadSignature):
        envelope.open_receipt(
            forged,
            public_key=OTHER_KEY.public_key(),
            batch_id=batch.id,
            expect_from="LA",
            expect_to="VN",
            expect_ids=[env.id],
        )


def test_batch_reordered_after_signing_fails() -> None:
    envs = [
        envelope.build("a.b", {"n": i}, from_party="VN", to_party="LA", key=KEY).as_dict() for i in range(2)
    ]
    obj = envelope.sign_batch(envs, from_party="VN", to_party="LA", key=KEY, sent=NOW).as_dict()
    obj["envelopes"].reverse()
    with pytest.raises(envelope.BadSignature):
        envelope.open_batch(
            obj,
            public_key=KEY.public_key(),
            expect_from="VN",
            expect_to="LA",
            now=NOW,
            max_skew=SKEW,
            max_count=10,
        )


# --- the one-pass shape check agrees with the full one ------------------------------------------


def _slow_uuid7(text: str) -> bool:
    import uuid

    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return False
    return parsed.version == 7 and str(parsed) == text


uuid_like = st.builds(
    lambda u, case, version, variant: (
        (u[:14] + version + u[15:19] + variant + u[20:]).upper()
        if case
        else u[:14] + version + u[15:19] + variant + u[20:]
    ),
    st.uuids().map(str),
    st.booleans(),
    st.sampled_from("0123456789abcdefABCDEF"),
    st.sampled_from("0123456789abcdefABCDEF"),
)


@given(
    st.one_of(
        uuid_like,
        uuid_like.map(lambda u: u.replace("-", "")),
        uuid_like.map(lambda u: "{" + u + "}"),
        st.text(max_size=40),
    )
)
@settings(max_examples=500)
def test_uuid7_pattern_is_the_uuid_module_check(text: str) -> None:
    assert bool(envelope._UUID7.fullmatch(text)) == _slow_uuid7(text)


@given(field=st.sampled_from(envelope._FIELDS), value=json_values, data=st.data())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_one_pass_check_accepts_only_what_the_full_check_accepts(
    field: str, value: object, data: st.DataObject
) -> None:
    obj = envelope.build(
        "message.created", {"a": 1}, from_party="VN", to_party="LA", key=KEY, refs=["x"]
    ).as_dict()
    action = data.draw(st.sampled_from(["replace", "drop", "add", "keep"]))
    if action == "replace":
        obj[field] = value
    elif action == "drop":
        del obj[field]
    elif action == "add":
        obj["extra"] = value
    if envelope._plainly_valid(obj):
        with mock.patch.object(envelope, "_plainly_valid", lambda _obj: False):
            envelope.parse(obj)  # the full check, in order: must not raise either
    else:
        assert action != "keep"
