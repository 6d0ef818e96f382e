"""Rule-based romaniser for Lao-script person names.

ICU has no Lao transliterator and the general converters (anyascii, unidecode) drop or garble the
vowels that sit before, above or below the consonant, so a name like ກົງທອງ comes out unreadable.
This module reads each word as a run of syllables and spells every syllable by table, yielding
several candidate spellings because Lao names are published in several traditions at once:

* the English/MoH-like press style:            ກົງທອງ ພົງວິຈິດ → ``kongthong phongvichit``
* the older French-influenced style (x, ou):    ໄຊ → ``xai`` / ``xay``, ບຸນ → ``boun``
* a plain phonetic style (s, u, w, final d):    ໄຊ → ``sai``, ບຸນ → ``bun``, ວັນ → ``wan``

The rules, each tested in ``tests/matching/test_lao.py``:

1. Tone marks (່ ້ ໊ ໋) and the cancel mark (໌) are dropped: no Latin spelling writes tones.
2. A syllable is ``[pre-vowel] initial [ຼ|ວ] [vowel marks] [post-vowel] [final]``. The pre-vowels
   ເ ແ ໂ ໄ ໃ are written before the consonant but read after it.
3. ຫ before a sonorant (ງ ຍ ນ ມ ລ ວ) or with subscript ຼ is silent (it only changes the tone):
   ຫຼ້າ → ``la``, ຫວັນ → ``van``. ໜ and ໝ are ``n`` and ``m``.
4. A consonant is a final only if it is one of ກ ງ ດ ນ ບ ມ ຍ ວ and the next character does not
   make it the initial of a new syllable (a vowel mark, ະ າ ຳ, ຼ); after ະ, ຳ, ໄ and ໃ there is no
   final.
5. ອ right after an initial is the vowel ``o`` (ທອງ → ``thong``, also ``thorng``/``thawng``); at
   the start of a syllable it is a silent carrier (ອຸດົມ → ``oudom``).
6. ວ between an initial and a vowel is the cluster ``w``/``v`` (ຂວາ → ``khwa``, ແຂວງ →
   ``khwaeng``); between an initial and a final, or after ົ/ັ, it is the vowel ``ua``/``oua``
   (ດວງ → ``douang``); after a vowel it is a final ``o``/``w``.
7. A syllable with no written vowel reads ``o`` before a final and ``a`` otherwise.

Candidate *k* takes the k-th spelling of every part (or its last one), so the candidates are whole
coherent styles rather than a combinatorial explosion; the matcher's phonetic key (see
``normalise.token_key``) folds the remaining differences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LAO_RE = re.compile(r"[\u0e80-\u0eff]")

TONES = "\u0ec8\u0ec9\u0eca\u0ecb\u0ecc"  # ່ ້ ໊ ໋ ໌
PRE_VOWELS = "ເແໂໄໃ"
MARKS = "ັິີຶືຸູົໍ"  # written above or below the consonant
SONORANTS = "ງຍນມລວ"
FINALS = "ກງດນບມຍວ"

# Initial consonants: spellings in style order (press/MoH, French-influenced, plain phonetic).
INITIALS: dict[str, tuple[str, ...]] = {
    "ກ": ("k", "k", "g"),
    "ຂ": ("kh", "kh", "k"),
    "ຄ": ("kh", "kh", "k"),
    "ງ": ("ng",),
    "ຈ": ("ch", "ch", "j"),
    "ສ": ("s",),
    "ຊ": ("x", "x", "s"),
    "ຍ": ("ny", "gn", "y"),
    "ດ": ("d",),
    "ຕ": ("t",),
    "ຖ": ("th", "th", "t"),
    "ທ": ("th", "th", "t"),
    "ນ": ("n",),
    "ບ": ("b",),
    "ປ": ("p", "p", "b"),
    "ຜ": ("ph", "ph", "p"),
    "ຝ": ("f",),
    "ພ": ("ph", "ph", "p"),
    "ຟ": ("f",),
    "ມ": ("m",),
    "ຢ": ("y",),
    "ຣ": ("r", "r", "l"),
    "ລ": ("l",),
    "ວ": ("v", "v", "w"),
    "ຫ": ("h",),
    "ອ": ("",),
    "ຮ": ("h",),
    "ໜ": ("n",),
    "ໝ": ("m",),
}

FINAL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ກ": ("k", "k", "g"),
    "ງ": ("ng",),
    "ດ": ("t", "th", "d"),
    "ນ": ("n", "ne", "n"),
    "ບ": ("p", "b", "b"),
    "ມ": ("m",),
    "ຍ": ("y", "y", "i"),
    "ວ": ("o", "w", "w"),
}

# Vowels keyed by (pre-vowel, marks, post-vowel); "F" in the key's last slot means "with a final".
VOWELS: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("", "", "ະ"): ("a",),
    ("", "ັ", ""): ("a",),
    ("", "", "າ"): ("a", "a", "aa"),
    ("", "ິ", ""): ("i",),
    ("", "ີ", ""): ("i", "i", "ee"),
    ("", "ຶ", ""): ("ue", "eu", "u"),
    ("", "ື", ""): ("ue", "eu", "u"),
    ("", "ຸ", ""): ("ou", "ou", "u"),
    ("", "ູ", ""): ("ou", "ou", "oo"),
    ("", "ົ", ""): ("o",),
    ("", "ໍ", ""): ("o", "or", "aw"),
    ("", "", "ອ"): ("o", "or", "oo"),
    ("", "", "ຳ"): ("am",),
    ("", "ົ", "ວ"): ("ua", "oua", "ua"),
    ("", "ັ", "ວ"): ("ua", "oua", "ua"),
    ("", "", "ວ"): ("ua", "oua", "ua"),
    ("", "ື", "ອ"): ("ua", "uea", "eua"),
    ("", "", "ຽ"): ("ia", "ia", "ie"),
    ("ເ", "", ""): ("e",),
    ("ເ", "ັ", ""): ("e",),
    ("ເ", "", "ະ"): ("e",),
    ("ເ", "", "າ"): ("ao", "ao", "au"),
    ("ເ", "ົ", "າ"): ("ao", "ao", "au"),
    ("ເ", "ິ", ""): ("oe", "eu", "er"),
    ("ເ", "ີ", ""): ("oe", "eu", "er"),
    ("ເ", "", "ຍ"): ("ia", "ia", "ie"),
    ("ເ", "ີ", "ຍ"): ("oei", "oey", "oei"),
    ("ເ", "ື", "ອ"): ("ua", "uea", "eua"),
    ("ເ", "ຶ", "ອ"): ("ua", "uea", "eua"),
    ("ແ", "", ""): ("ae", "e", "e"),
    ("ແ", "ັ", ""): ("ae", "e", "e"),
    ("ແ", "", "ະ"): ("ae", "e", "e"),
    ("ໂ", "", ""): ("o",),
    ("ໂ", "", "ະ"): ("o",),
    ("ໄ", "", ""): ("ai", "ay", "ai"),
    ("ໃ", "", ""): ("ai", "ay", "ai"),
}

# A vowel followed by a final that together are spelt as a diphthong.
DIPHTHONGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("a", "ຍ"): ("ai", "ay", "ai"),
    ("o", "ຍ"): ("oy", "oy", "oi"),
    ("ou", "ຍ"): ("ouy", "ouy", "ui"),
    ("ua", "ຍ"): ("uay", "ouay", "uai"),
    ("a", "ວ"): ("ao", "ao", "aw"),
    ("e", "ວ"): ("eo", "eo", "ew"),
    ("ae", "ວ"): ("aeo", "eo", "aew"),
    ("i", "ວ"): ("io", "iou", "iw"),
}


@dataclass(frozen=True)
class Syllable:
    pre: str
    initial: str  # the consonant letter that is read (ລ for ຫຼ, ນ for ຫນ: the silent ຫ is dropped)
    cluster: str  # "ຼ" (l), "ວ" (w) or ""
    marks: str
    post: str
    final: str


def is_lao(text: str) -> bool:
    return bool(LAO_RE.search(text))


def _clean(word: str) -> str:
    word = unicodedata.normalize("NFC", word)
    # ຳ is sometimes typed as ໍ + າ; the tone marks and the cancel mark carry no Latin letter.
    word = word.replace("\u0ecd\u0eb2", "ຳ").replace("ຫລ", "ຫຼ")
    return "".join(ch for ch in word if ch not in TONES)


def _starts_syllable(word: str, i: int) -> bool:
    """Whether the consonant at i begins a new syllable (it carries a vowel of its own)."""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if nxt and (nxt in MARKS or nxt in "ະາຳຼຽ"):
        return True
    # ອ or ວ right after a consonant is that consonant's vowel, when a final follows it.
    return nxt in "ອວ" and i + 2 < len(word) and word[i + 2] in FINALS and not _vowel_after(word, i + 2)


def _vowel_after(word: str, i: int) -> bool:
    nxt = word[i + 1] if i + 1 < len(word) else ""
    return bool(nxt) and (nxt in MARKS or nxt in "ະາຳຼ")


def syllables(word: str) -> list[Syllable]:
    """Split one Lao word (no spaces) into syllables; characters outside the script are skipped."""
    w = _clean(word)
    out: list[Syllable] = []
    i, n = 0, len(w)
    while i < n:
        pre = ""
        if w[i] in PRE_VOWELS:
            pre = w[i]
            i += 1
        if i >= n or w[i] not in INITIALS:
            i += 1  # a stray mark or a character of another script: nothing to read
            continue
        initial = w[i]
        i += 1
        cluster = ""
        if initial == "ຫ" and i < n and (w[i] == "ຼ" or (w[i] in SONORANTS and _vowel_follows(w, i))):
            # Rule 3: silent ຫ; the sonorant (or subscript lo) is what is read.
            initial = "ລ" if w[i] == "ຼ" else w[i]
            i += 1
        elif i < n and w[i] == "ຼ":
            cluster = "ຼ"
            i += 1
        if (
            i + 1 < n
            and w[i] == "ວ"
            and (w[i + 1] in "າັິີະ" or (pre and w[i + 1] in FINALS and not _starts_syllable(w, i + 1)))
        ):
            cluster = "ວ"  # rule 6: ຂວາ, and ແຂວງ where the vowel was written before the consonant
            i += 1
        marks = ""
        while i < n and w[i] in MARKS:
            marks += w[i]
            i += 1
        post = ""
        if i < n:
            ch = w[i]
            if ch in "ະາຳຽ":
                post = ch
                i += 1
            elif ch == "ອ" and marks in ("", "ື", "ຶ") and not _vowel_after(w, i):
                post = ch  # rule 5
                i += 1
            elif ch == "ຍ" and pre == "ເ" and marks in ("", "ີ"):
                post = ch
                i += 1
            elif ch == "ວ" and not pre and not _vowel_after(w, i):
                if marks in ("ົ", "ັ"):
                    post = ch
                    i += 1
                elif not marks and i + 1 < n and w[i + 1] in FINALS:
                    post = ch  # ດວງ: the vowel ua before a final
                    i += 1
        if pre == "ເ" and post == "" and marks == "ົ" and i < n and w[i] == "າ":
            post = "າ"
            i += 1
        final = ""
        if (
            i < n
            and w[i] in FINALS
            and post not in ("ະ", "ຳ")
            and pre not in ("ໄ", "ໃ")
            and not _starts_syllable(w, i)
        ):
            final = w[i]
            i += 1
        out.append(Syllable(pre, initial, cluster, marks, post, final))
    return out


def _vowel_follows(word: str, i: int) -> bool:
    """After ຫ + sonorant at i: the pair is one initial unless the sonorant is ຫ's own final."""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    return bool(nxt) and (nxt in MARKS or nxt in "ະາຳອວຍຽ" or nxt in FINALS or nxt in INITIALS)


def _pick(options: tuple[str, ...], style: int) -> str:
    return options[min(style, len(options) - 1)]


def _spell(s: Syllable, style: int) -> str:
    initial = _pick(INITIALS[s.initial], style)
    if s.cluster == "ຼ":
        initial += "l"
    elif s.cluster == "ວ":
        initial += _pick(("w", "v", "w"), style)
    key = (s.pre, s.marks, s.post)
    if key in VOWELS:
        vowel = _pick(VOWELS[key], style)
    elif s.pre in ("ເ", "ແ", "ໂ", "ໄ", "ໃ"):
        vowel = _pick(VOWELS[(s.pre, "", "")], style)
    elif (s.pre, s.marks, "") in VOWELS:
        vowel = _pick(VOWELS[(s.pre, s.marks, "")], style)
    else:
        vowel = "o" if s.final else "a"  # rule 7
    if not s.final:
        return initial + vowel
    base = _pick(VOWELS[key], 0) if key in VOWELS else vowel
    if (base, s.final) in DIPHTHONGS:
        return initial + _pick(DIPHTHONGS[(base, s.final)], style)
    final = _pick(FINAL_SPELLINGS[s.final], style)
    if final == "ne" and not vowel.endswith("o"):
        final = "n"  # the French-style "-one" (ກອນ → kone) only follows an o
    return initial + vowel + final


def romanise_word(word: str) -> list[str]:
    """Candidate Latin spellings of one Lao word, the press style first."""
    parts = syllables(word)
    if not parts:
        return []
    seen: dict[str, None] = {}
    for style in range(3):
        spelt = "".join(_spell(s, style) for s in parts)
        if style == 1 and spelt.endswith("i") and parts[-1].marks == "ີ":
            spelt = spelt[:-1] + "y"  # a word-final long i is often written y (Bounmy, Xayabouly)
        seen[spelt] = None
    return list(seen)


def romanise(text: str) -> list[str]:
    """Candidate Latin spellings of a text in Lao script (other words kept as they are).

    Words are romanised one by one and the k-th candidate of the text is made of the k-th
    candidate of every word, so a two-word name gives at most three spellings, press style first.
    """
    words = text.split()
    per_word = [romanise_word(w) if is_lao(w) else [w] for w in words]
    per_word = [opts for opts in per_word if opts]
    if not per_word:
        return []
    seen: dict[str, None] = {}
    for style in range(max(len(opts) for opts in per_word)):
        seen[" ".join(_pick(tuple(opts), style) for opts in per_word)] = None
    return list(seen)
