"""`envelope.canonical` takes a fast path (the C JSON encoder) for most values: prove that it gives
exactly the bytes of the `rfc8785` package, for every JSON value, and fails where it fails."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rfc8785
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from liaison.core import canonical as core_canonical
from liaison.federation import envelope

# Characters where JSON encoders are known to differ: quotes, backslash, every control character,
# DEL, the JavaScript line separators, the edges of the BMP and of the surrogate range, private use
# (U+E000.. sorts after surrogate pairs in UTF-16 but before astral characters by code point),
# astral characters and lone surrogates (which neither path can encode as UTF-8).
SPECIAL = [
    '"',
    "\\",
    "/",
    *map(chr, range(0x20)),
    "\x7f",
    "\x80",
    "\u2028",
    "\u2029",
    "\ud7ff",
    "\ue000",
    "\uffee",
    "\ufeff",
    "\uffff",
    "\U00010000",
    "\U0001f600",
    "\U0010ffff",
    "é",
    "ຂ",
    "ệ",
]
LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]

chars = st.sampled_from(SPECIAL) | st.characters(codec="utf-8")  # no lone surrogates
chars_any = chars | st.sampled_from(LONE_SURROGATES)
text = st.text(chars, max_size=12)
keys = st.text(chars, max_size=6)

plain_leaf = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | text
any_leaf = (
    plain_leaf
    | st.integers()  # beyond ±2^53: rfc8785 refuses
    | st.floats()  # NaN and infinities included: rfc8785 refuses them
    | st.text(chars_any, max_size=8)
)


def json_values(leaf: st.SearchStrategy[Any], key: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaf,
        lambda children: st.lists(children, max_size=5) | st.dictionaries(key, children, max_size=5),
        max_leaves=25,
    )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def reference(value: Any) -> bytes | None:
    """rfc8785's bytes, or None when rfc8785 refuses the value or it holds a NUL character (which
    `canonical` refuses on purpose: PostgreSQL's JSON cannot store U+0000)."""
    try:
        out = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, UnicodeError, ValueError, TypeError):
        return None
    return None if _has_nul(value) else out


def ours(value: Any) -> bytes | None:
    try:
        return envelope.canonical(value)
    except envelope.MalformedEnvelope:
        return None


@given(json_values(any_leaf, st.text(chars_any, max_size=6)))
@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@example({"\ue000": 1, "\U0001f600": 2, "a": 3})  # UTF-16 order differs from code point order
@example({"\U0001f600": {"\uffff": 0, "\U00010000": 1}})
@example(["\ud800"])
@example({"\udc00": 1})
@example([1.0, -0.0, 1e21, 1e-7, 2**53, -(2**53)])
def test_canonical_is_rfc8785_byte_for_byte(value: Any) -> None:
    assert ours(value) == reference(value)


@given(json_values(plain_leaf, keys))
@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@example({"max": 2**53 - 1, "min": -(2**53 - 1)})  # the largest integers RFC 8785 takes
def test_plain_values_take_the_fast_path_and_match(value: Any) -> None:
    """The values the fast path is for (no float, no astral key) do take it, and match rfc8785."""
    if _has_astral_key(value):
        assert not core_canonical._plain_json(value)
    else:
        assert core_canonical._plain_json(value)
        fast = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert fast == rfc8785.dumps(value)
    assert ours(value) == reference(value)


def _has_astral_key(value: Any) -> bool:
    if isinstance(value, dict):
        return any(max(k, default="\x00") >= "\U00010000" or _has_astral_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_astral_key(v) for v in value)
    return False


@pytest.mark.parametrize(
    "value",
    [1.5, [0.1], {"a": 2**53}, {"a": -(2**53)}, {1: "int key"}, {"x": {"\U0001f600": 1}}, {"k": object()}],
)
def test_slow_path_for_what_json_dumps_would_write_differently(value: Any) -> None:
    assert not core_canonical._plain_json(value)
    assert ours(value) == reference(value)


def test_plain_values_never_reach_the_slow_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is what keeps signing and checking cheap: a plain value is written by the C
    encoder alone."""

    def slow(value: Any) -> bytes:
        raise AssertionError(f"rfc8785 asked for a plain value: {value!r}")

    monkeypatch.setattr(core_canonical.rfc8785, "dumps", slow)
    assert envelope.canonical({"b": [1, None, True], "a": "Lào"}) == '{"a":"Lào","b":[1,null,true]}'.encode()


def test_a_value_too_large_to_check_takes_the_slow_path() -> None:
    """Past `_FAST_PATH_NODES` nodes the check gives up and the value goes to rfc8785, which writes
    the float 1.0 as 1 where the C encoder would write 1.0 (the float is looked at last)."""
    value = [1.0] + [0] * core_canonical._FAST_PATH_NODES
    assert not core_canonical._plain_json(value)
    assert envelope.canonical(value).startswith(b"[1,0,0,")


def test_a_nul_character_is_refused_in_words_a_peer_can_act_on() -> None:
    with pytest.raises(core_canonical.CanonicalError) as refused:
        core_canonical.canonical({"text": "a\u0000b"})
    assert str(refused.value) == "text may not contain the NUL character (U+0000)"


def test_tuples_are_lists_on_both_paths() -> None:
    value = {"refs": ("b", "a"), "n": (1, (2, None))}
    assert core_canonical._plain_json(value)
    assert envelope.canonical(value) == rfc8785.dumps(value) == b'{"n":[1,[2,null]],"refs":["b","a"]}'


def test_subclasses_take_the_slow_path() -> None:
    import enum
    from collections import OrderedDict

    class Colour(enum.StrEnum):
        RED = "red"

    class Level(enum.IntEnum):
        HIGH = 3

    for value in ([Colour.RED], [Level.HIGH], OrderedDict(b=1, a=2)):
        assert not core_canonical._plain_json(value)
        assert ours(value) == reference(value)


def test_cycles_and_deep_nesting_are_refused_not_crashing() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(envelope.MalformedEnvelope):
        envelope.canonical(loop)
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(envelope.MalformedEnvelope):
        envelope.canonical(deep)
