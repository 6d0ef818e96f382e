"""Canonical bytes and Ed25519 signatures: the one implementation for the whole project.

Pure Python (no Django: import-linter's "pure" contract covers this module). The federation signs
envelopes, batches, receipts and manifests with it; the agreements app signs document statements
and signatory-key attestations with it. What is signed is always the RFC 8785 (JCS) form of a JSON
value, and a signature is the base64 of the 64 Ed25519 bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "BadSignature",
    "CanonicalError",
    "MalformedSignature",
    "SignatureError",
    "canonical",
    "check_signature",
    "public_key_from_b64",
    "sign",
    "verify",
]


class CanonicalError(ValueError):
    """The value has no RFC 8785 form (a NaN, a cycle, a NUL character, a non-JSON type...)."""


class SignatureError(ValueError):
    """Base of the signature failures."""


class MalformedSignature(SignatureError):
    """The signature is not a base64 string."""


class BadSignature(SignatureError):
    """The signature does not verify under the key (or is not 64 bytes)."""


_SAFE_INT = 2**53 - 1  # the integers RFC 8785 accepts (exact in an IEEE 754 double)
_ASTRAL = "\U00010000"
_FAST_PATH_NODES = 500_000  # past this (or in a cycle), leave the value to `rfc8785`
_JCS_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain_json(value: Any) -> bool:
    """True when `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` (the
    `_JCS_ENCODER`) is exactly the RFC 8785 form of `value`.

    That holds for values made only of dicts with str keys, lists, tuples, str, safe-range ints,
    bools and None (exact types, no subclasses), when no object key has a character beyond the
    Basic Multilingual Plane:
    - strings: both escape exactly `"`, `\\` and U+0000..U+001F, with the short forms \\b \\f
      \\n \\r \\t and lowercase \\u00xx for the rest, and write everything else as UTF-8;
    - key order: RFC 8785 sorts by UTF-16 code units, Python by code points; the two orders agree
      as long as no key has a surrogate pair, i.e. a character beyond U+FFFF;
    - integers in ±(2^53 - 1) print the same; floats follow ECMAScript's rules, not Python's repr,
      so any float sends the value down the slow path.
    Lone surrogates make both paths fail (UTF-8 cannot encode them). Iterative, so deep nesting
    costs no recursion here, and bounded, so a cycle ends up in `rfc8785` (which refuses it).
    """
    stack = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    budget = _FAST_PATH_NODES
    while stack:
        budget -= 1
        if budget < 0:
            return False
        item = pop()
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is int:
            if -_SAFE_INT <= item <= _SAFE_INT:
                continue
            return False
        if kind is dict:
            for key, child in item.items():
                if type(key) is not str or not (key.isascii() or max(key) < _ASTRAL):
                    return False
                push(child)
        elif kind is list or kind is tuple:
            extend(item)
        else:
            return False
    return True


# `\u0000` preceded by an even number of backslashes: an escaped NUL, not an escaped backslash
# followed by the letters "u0000".
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def canonical(value: Any) -> bytes:
    """RFC 8785 (JCS) form of a JSON value; raises CanonicalError for what JCS cannot express.

    Most values take the fast path: the C JSON encoder gives the same bytes for them (see
    `_plain_json`; tests/federation/test_canonical.py checks byte equality against `rfc8785`).
    Anything else, e.g. a float, goes through the `rfc8785` package.
    """
    try:
        out = _JCS_ENCODER.encode(value).encode() if _plain_json(value) else rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, UnicodeError, RecursionError) as exc:
        raise CanonicalError(f"not canonicalisable JSON: {exc}") from None
    if b"\\u0000" in out and _NUL_ESCAPE.search(out):
        # PostgreSQL's JSON cannot hold U+0000: refusing it everywhere keeps SQLite and PostgreSQL
        # nodes alike, instead of a 500 on one and a stored row on the other.
        raise CanonicalError("text may not contain the NUL character (U+0000)")
    return out


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not a base64 raw Ed25519 public key: {exc}") from None


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def check_signature(key: Ed25519PublicKey, signature: Any, message: bytes) -> None:
    """Raises MalformedSignature or BadSignature unless `signature` is `key`'s over `message`."""
    if not isinstance(signature, str):
        raise MalformedSignature("the signature must be a base64 string")
    try:
        raw = base64.b64decode(signature, validate=True)
    except binascii.Error:
        raise MalformedSignature("the signature is not base64") from None
    if len(raw) != 64:
        raise BadSignature(f"an Ed25519 signature is 64 bytes, got {len(raw)}")
    try:
        key.verify(raw, message)
    except InvalidSignature:
        raise BadSignature("the signature does not match the key") from None


def verify(key: Ed25519PublicKey | str, message: bytes, signature: Any) -> bool:
    """True when `signature` is `key`'s (an object or its base64) over `message`; never raises."""
    try:
        public = public_key_from_b64(key) if isinstance(key, str) else key
        check_signature(public, signature, message)
    except ValueError:
        return False
    return True
