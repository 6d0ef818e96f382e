"""How officers' names sort: by the naming convention of the officer's party. Pure Python, no Django.

A name is stored as the officer writes it; its sort key is derived here:
- Vietnamese (VN): family name first, given name last ("Nguyễn Văn An"); lists sort by the given
  name, then the family and middle names: key "an nguyen van".
- Lao (LA): given name first, family name last ("Kongthong Phongvichit"); lists sort by the given
  name, i.e. as written: key "kongthong phongvichit".
- Any other party: the last word, then the rest.

The key is folded so that diacritics do not split the alphabet: case-folded, Latin diacritics removed
(only the combining marks U+0300-U+036F: Lao vowel and tone signs are letters of the name and stay)
and đ read as d, so "Ánh" sorts with "Anh". Lao vowels written before their consonant (ເ ແ ໂ ໃ ໄ)
sort after it, as Lao dictionaries order them. The key is compared byte by byte (code point order);
PostgreSQL holds it in the "C" collation so a locale collation that skips spaces cannot reorder it.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

__all__ = ["NameOrder", "convention_of", "fold", "name_sort_key"]


class NameOrder(Enum):
    GIVEN_NAME_LAST = "given_name_last"  # sort by the last word, then the words before it
    GIVEN_NAME_FIRST = "given_name_first"  # sort by the first word: the name as written


# Party code -> convention; a party not listed sorts by the last word, then the rest.
CONVENTIONS: dict[str, NameOrder] = {
    "VN": NameOrder.GIVEN_NAME_LAST,
    "LA": NameOrder.GIVEN_NAME_FIRST,
}
DEFAULT = NameOrder.GIVEN_NAME_LAST

_LAO_PREPOSED_VOWELS = frozenset("\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
_MAX_LENGTH = 300  # the database column's length


def convention_of(party_code: str | None) -> NameOrder:
    return CONVENTIONS.get(party_code or "", DEFAULT)


def _lao_logical_order(text: str) -> str:
    """Swap each preposed Lao vowel with the consonant after it (ເຄ sorts under ຄ)."""
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in _LAO_PREPOSED_VOWELS and not unicodedata.combining(chars[i + 1]):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    return "".join(chars)


def fold(text: str) -> str:
    """Case-folded, Latin diacritics removed, đ as d; other scripts keep their letters."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f"))
    return _lao_logical_order(unicodedata.normalize("NFC", stripped))


def name_sort_key(full_name: str, party_code: str | None) -> str:
    """The key lists sort a name by, following the convention of the officer's party."""
    words = fold(full_name).split()
    if not words:
        return ""
    if convention_of(party_code) is NameOrder.GIVEN_NAME_LAST:
        words = [words[-1], *words[:-1]]
    return " ".join(words)[:_MAX_LENGTH]
