"""From a name as written to comparable forms: folded Latin tokens and phonetic keys.

Three layers, each keeping the one before it (the original is never replaced):

* ``fold``: Latin letters without diacritics, lower case, đ → d; Lao script is romanised
  (``lao.romanise``, several candidates); any other script goes through anyascii.
* ``token_key``: one token's phonetic key, which folds the spelling variants of Lao romanisation
  (x/s, ph/p, v/w, ou/u, ay/ai, or/o, g/k, final d/t, doubled letters, "-one") and the Vietnamese
  digraphs onto one form, while keeping apart what names really differ by (``an`` ≠ ``anh``: nh is
  its own sound, as ng is).
* ``name_keys``: the key token lists of a whole name, one per romanisation candidate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from liaison.matching.lao import is_lao, romanise

MAX_NAME_LENGTH = 300  # longer input is not a person's name; callers reject it, we truncate
MAX_TOKENS = 8  # alignment cost grows with the square of the tokens; no name has more
_SEPARATORS = re.compile(r"[^a-z0-9]+")

# Ordered rewrites on a folded token; placeholders in upper case keep digraphs from being split
# by later rules (N = ng, Y = nh/ny/gn, C = ch/j); they end as q, z, j.
_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ngh|ng", "N"),
        (r"nh|ny(?=[aeiou])|gn", "Y"),  # ny before a vowel only: Keomany is keomani
        (r"tch|ch|j", "C"),
        (r"ph", "p"),
        (r"th", "t"),
        (r"kh", "k"),
        (r"gh", "k"),
        (r"q", "k"),
        (r"c", "k"),
        (r"g", "k"),
        (r"[xz]", "s"),
        (r"v", "w"),
        (r"one$", "on"),  # French-style Phommakone = Phommakon
        (r"r(?![aeiouy])", ""),  # or = o: Lao has no final r (Thor, Korn)
        (r"r", "l"),
        (r"uea|eua", "ua"),
        (r"oua", "ua"),
        (r"ou", "u"),
        (r"ae", "e"),
        (r"ee", "i"),
        (r"y", "i"),
        (r"w(?![aeiou])", "o"),  # final w = o: Kaew, Kaeo, Keo
        (r"d(?![aeiou])", "t"),  # final d = t: Phongvichid
        (r"b(?![aeiou])", "p"),
        (r"(.)\1+", r"\1"),  # doubled letters: Thoong, Phommakone
    )
)


# Letters no rule leaves behind: a key stays lower-case ASCII letters and digits, so the index's
# own keys (pairs joined by a space, a birth year after @, a document after #) never clash with one.
_MULTI_SYLLABLE = re.compile(r"[aeiouy]+[^aeiouy]+[aeiouy]")
_PLACEHOLDERS = str.maketrans("NYC", "qzj")


def fold_latin(text: str) -> str:
    """Lower-case Latin without diacritics; đ → d; punctuation becomes spaces."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not stripped.isascii():
        stripped = anyascii(stripped)
    return " ".join(_SEPARATORS.split(stripped.lower())).strip()


def spellings(name: str) -> list[str]:
    """Folded Latin spellings of a name: one for Latin text, the romaniser's candidates for Lao."""
    name = name[:MAX_NAME_LENGTH]
    if is_lao(name):
        return list(dict.fromkeys(fold_latin(s) for s in romanise(name) if fold_latin(s)))
    folded = fold_latin(name)
    return [folded] if folded else []


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """Phonetic key of one folded token (see the module docstring)."""
    key = token
    if key.endswith("nh") and _MULTI_SYLLABLE.search(key):
        # Lao French-style spellings end a syllable in "-nh" for plain n (Souvanh, Phommachanh);
        # Vietnamese tokens are one syllable each, and there nh is a sound of its own (An ≠ Anh).
        key = key[:-1]
    for pattern, repl in _KEY_RULES:
        key = pattern.sub(repl, key)
    return key.translate(_PLACEHOLDERS)


def name_keys(name: str) -> list[tuple[str, ...]]:
    """The key token lists of a name, one per distinct spelling candidate (order kept)."""
    out: dict[tuple[str, ...], None] = {}
    for spelling in spellings(name):
        out[tuple(token_key(t) for t in spelling.split()[:MAX_TOKENS])] = None
    return list(out)
