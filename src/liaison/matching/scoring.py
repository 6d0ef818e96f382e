"""Scoring two names, and two persons with their qualifiers.

A name score aligns the phonetic key tokens of the two names, order-free, letting one token on
either side stand for two or three adjacent tokens on the other ("Kongthong" = "Kong Thoong").
Each aligned pair gets a rapidfuzz similarity; the score blends the length-weighted mean of those
similarities (tokens left over count as 0) with the worst aligned pair. The second term is what
keeps relatives and namesakes apart: "Nguyen Van An" and "Nguyen Van Anh" share most letters,
but one aligned pair is poor, and a name that leaves a token unmatched on *both* sides (a
different middle name) pairs those two tokens at similarity near 0.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from liaison.matching.lao import is_lao
from liaison.matching.normalise import fold_latin, name_keys

HIT_THRESHOLD = 0.90
REVIEW_THRESHOLD = 0.75
MAX_QUALIFIER_GAIN = 0.05  # the most that agreeing qualifiers add (a full birth date), documents aside
DIACRITIC_CAP = 0.85  # a name differing only by diacritics both sides wrote goes to review
_MEAN_WEIGHT = 0.6  # the rest goes to the worst aligned pair
_OMISSION = 0.7  # the worst-pair term when a token on one side has no counterpart
_MAX_SPAN = 3
_PUNCTUATION = re.compile(r"[^\w]")  # a token may stand for up to three adjacent tokens of the other name


@lru_cache(maxsize=200_000)
def _units(tokens: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """Single tokens and runs of adjacent tokens, each with the bit mask of the tokens it covers."""
    out = []
    for start in range(len(tokens)):
        for end in range(start + 1, min(len(tokens), start + _MAX_SPAN) + 1):
            mask = ((1 << (end - start)) - 1) << start
            out.append((mask, "".join(tokens[start:end])))
    return tuple(out)


def key_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Score two names given as phonetic key token lists (symmetric, in [0, 1])."""
    if not a or not b:
        return 0.0
    if a == b or sorted(a) == sorted(b):
        return 1.0
    if a > b:
        a, b = b, a  # one canonical order, so ties below break the same way: score(a, b) == score(b, a)
    similarity = Levenshtein.normalized_similarity
    units_b = _units(b)
    # Best pairs first; among equal similarities the longer units (merged syllables) first, then
    # the order of generation (a stable sort).
    pairs = sorted(
        [
            (-similarity(unit_a, unit_b), -len(unit_a) - len(unit_b), mask_a, mask_b)
            for mask_a, unit_a in _units(a)
            for mask_b, unit_b in units_b
        ],
        key=lambda pair: (pair[0], pair[1]),
    )
    full_a, full_b = (1 << len(a)) - 1, (1 << len(b)) - 1
    used_a = used_b = 0
    weighted = 0.0
    worst = 1.0
    for neg_sim, neg_len, mask_a, mask_b in pairs:
        if mask_a & used_a or mask_b & used_b:
            continue
        used_a |= mask_a
        used_b |= mask_b
        weighted += neg_sim * neg_len
        worst = min(worst, -neg_sim)
        if used_a == full_a or used_b == full_b:
            break  # one side is fully aligned: nothing left can be paired
    if used_a != full_a or used_b != full_b:
        # A token with no counterpart (a middle name left out, a split surname): not a conflict,
        # but not a full match either, so the pair lands in the review band at best.
        worst = min(worst, _OMISSION)
    total = sum(map(len, a)) + sum(map(len, b))
    return _MEAN_WEIGHT * weighted / total + (1 - _MEAN_WEIGHT) * worst


def keys_score(a: Sequence[tuple[str, ...]], b: Sequence[tuple[str, ...]]) -> float:
    """Best score over the spelling candidates of two names."""
    return max((key_score(x, y) for x in a for y in b), default=0.0)


@lru_cache(maxsize=100_000)
def _written_tokens(name: str) -> dict[str, set[str]] | None:
    """A name's tokens as written, by folded form; None if it has no diacritics at all."""
    if is_lao(name):
        return None
    out: dict[str, set[str]] = {}
    marked = False
    for token in unicodedata.normalize("NFC", name).lower().split():
        token = _PUNCTUATION.sub("", token)
        folded = fold_latin(token)
        if folded:
            marked = marked or folded != token
            out.setdefault(folded, set()).add(token)
    return out if marked else None


def diacritic_conflict(a: str, b: str) -> bool:
    """Both names are written with diacritics and a shared token differs: Nam / Năm, Hùng / Hưng.

    Folding makes a name written without diacritics match its full form, as it must; but when
    both writers used diacritics, a token written differently (or left bare by one of them, as
    in Nam against Năm) is another name.
    """
    written_a, written_b = _written_tokens(a), _written_tokens(b)
    if written_a is None or written_b is None:
        return False
    return any(written_a[t].isdisjoint(written_b[t]) for t in written_a.keys() & written_b.keys())


def score(a: str, b: str) -> float:
    """How alike two bare person names are, in [0, 1] (1: the same name in another spelling)."""
    value = keys_score(name_keys(a), name_keys(b))
    return min(value, DIACRITIC_CAP) if diacritic_conflict(a, b) else value


def same_person(a: str, b: str) -> bool:
    """Whether two bare names are taken for the same person at the default hit threshold."""
    return score(a, b) >= HIT_THRESHOLD


class Decision(enum.StrEnum):
    HIT = "hit"
    REVIEW = "review"
    NO_HIT = "no-hit"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def document_key(number: str) -> str:
    """A document number as compared: letters and digits only, upper case."""
    return "".join(ch for ch in number.upper() if ch.isalnum())


@dataclass(frozen=True)
class Person:
    """A person as asked about or as held: names in any script plus optional qualifiers.

    ``birth_date`` is ISO, possibly partial ("1971", "1971-05", "1971-05-09"); ``sex`` is "M" or
    "F"; ``nationality`` an ISO 3166 code; ``documents`` are passport or ID numbers (compared
    without spaces, dashes or case).
    """

    names: tuple[str, ...]
    birth_date: str | None = None
    sex: str | None = None
    nationality: str | None = None
    documents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.names, str):
            object.__setattr__(self, "names", (self.names,))
        if self.birth_date is not None and not _DATE_RE.match(self.birth_date):
            raise ValueError(f"birth date {self.birth_date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")

    def keys(self) -> list[tuple[str, ...]]:
        return [k for name in self.names for k in name_keys(name)]


PersonQuery = Person
PersonRecord = Person


@dataclass(frozen=True)
class MatchResult:
    score: float
    decision: Decision
    name_score: float
    reasons: tuple[str, ...] = field(default=())


def decide(value: float) -> Decision:
    if value >= HIT_THRESHOLD:
        return Decision.HIT
    if value >= REVIEW_THRESHOLD:
        return Decision.REVIEW
    return Decision.NO_HIT


def _birth_date_adjustment(a: str, b: str) -> tuple[float, str]:
    pa, pb = _DATE_RE.match(a), _DATE_RE.match(b)
    assert pa and pb  # checked in Person
    common = [(x, y) for x, y in zip(pa.groups(), pb.groups(), strict=True) if x and y]
    if all(x == y for x, y in common):
        return (MAX_QUALIFIER_GAIN if len(common) == 3 else 0.02), "birth date agrees"
    if common[0][0] != common[0][1]:
        years = abs(int(common[0][0]) - int(common[0][1]))
        return (-0.15 if years == 1 else -0.35), f"birth years differ by {years}"
    # Same year, another day or month: often a day/month swap or a typing slip, so a mild penalty.
    return -0.12, "birth date differs in day or month"


def compare(query: Person, record: Person, *, name_score: float | None = None) -> MatchResult:
    """Score a person asked about against one held: names first, then the qualifiers.

    Agreeing qualifiers raise the score a little; conflicting ones lower it (sex most, then the
    birth year); a shared document number alone brings any name into the review band at least.
    """
    names = keys_score(query.keys(), record.keys()) if name_score is None else name_score
    reasons = [f"names {names:.2f}"]
    pairs = [(x, y) for x in query.names for y in record.names]
    if names > DIACRITIC_CAP and all(diacritic_conflict(x, y) for x, y in pairs):
        names = DIACRITIC_CAP
        reasons.append("names differ in their diacritics")
    value = names
    if query.birth_date and record.birth_date:
        delta, why = _birth_date_adjustment(query.birth_date, record.birth_date)
        value += delta
        reasons.append(why)
    if query.sex and record.sex and query.sex.upper() != record.sex.upper():
        value -= 0.4
        reasons.append("sex differs")
    if query.nationality and record.nationality:
        if query.nationality.upper() == record.nationality.upper():
            reasons.append("nationality agrees")
        else:
            value -= 0.05  # dual nationality and mistaken records are common: a weak signal
            reasons.append("nationality differs")
    shared = {document_key(d) for d in query.documents} & {document_key(d) for d in record.documents}
    shared.discard("")
    if shared:
        value = max(value + 0.15, REVIEW_THRESHOLD)
        reasons.append("same document number")
    value = min(1.0, max(0.0, value))
    return MatchResult(score=value, decision=decide(value), name_score=names, reasons=tuple(reasons))
