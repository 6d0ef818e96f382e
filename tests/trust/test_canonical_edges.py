"""Edges of core.canonical that generated values rarely reach: the one character where UTF-16 key
order starts to differ from code point order, the safe-integer bounds, escaped NULs, and the
signature checks' refusals."""

from __future__ import annotations

import base64

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.core import canonical, identity


@pytest.mark.parametrize(
    "value",
    [
        {"\uffff": 0, "\U00010000": 1},  # U+10000 sorts before U+FFFF in UTF-16, after it by code point
        {"a": {"\uffff": 0, "\U00010000": 1}},
        [{"\U00010000": 1, "\ue000": 2}],
    ],
)
def test_key_order_is_utf16_from_the_first_astral_character(value: object) -> None:
    assert canonical.canonical(value) == rfc8785.dumps(value)


def test_safe_integer_bounds() -> None:
    edge = 2**53 - 1
    assert canonical.canonical([edge, -edge]) == f"[{edge},{-edge}]".encode()
    for outside in (2**53, -(2**53)):
        with pytest.raises(canonical.CanonicalError):
            canonical.canonical([outside])


def test_nul_is_refused_but_an_escaped_backslash_before_u0000_is_text() -> None:
    assert canonical.canonical({"a": "\\u0000"}) == b'{"a":"\\\\u0000"}'
    for bad in ({"a": "\x00"}, {"a": "\\\x00"}, {"\x00": 1}):
        with pytest.raises(canonical.CanonicalError, match="NUL"):
            canonical.canonical(bad)


def test_signatures_sign_and_verify_only_the_same_bytes_under_the_same_key() -> None:
    key = Ed25519PrivateKey.generate()
    public = identity.public_key_b64(key)
    sig = canonical.sign(key, b"message")
    assert len(base64.b64decode(sig)) == 64
    assert canonical.verify(public, b"message", sig) and canonical.verify(key.public_key(), b"message", sig)
    assert not canonical.verify(public, b"messagE", sig)
    assert not canonical.verify(identity.public_key_b64(Ed25519PrivateKey.generate()), b"message", sig)
    # a pinned key is exact base64: a stray character is refused, not skipped
    for bad_key in ("not base64!", base64.b64encode(b"short").decode(), public[:4] + "!" + public[4:]):
        assert not canonical.verify(bad_key, b"message", sig)
        with pytest.raises(ValueError, match="not a base64 raw Ed25519 public key"):
            canonical.public_key_from_b64(bad_key)


@pytest.mark.parametrize(
    ("signature", "error", "detail"),
    [
        (None, canonical.MalformedSignature, "must be a base64 string"),
        ("not base64!", canonical.MalformedSignature, "is not base64"),
        (base64.b64encode(b"x" * 63).decode(), canonical.BadSignature, "64 bytes, got 63"),
        (base64.b64encode(b"x" * 65).decode(), canonical.BadSignature, "64 bytes, got 65"),
        (base64.b64encode(b"x" * 64).decode(), canonical.BadSignature, "does not match the key"),
    ],
)
def test_each_bad_signature_has_its_reason(signature: object, error: type, detail: str) -> None:
    key = Ed25519PrivateKey.generate()
    with pytest.raises(error, match=detail):
        canonical.check_signature(key.public_key(), signature, b"message")
    assert not canonical.verify(key.public_key(), b"message", signature)
    canonical.check_signature(key.public_key(), canonical.sign(key, b"message"), b"message")
