"""Find the persons held whose names match a query, without scoring every one of them.

Candidates come from trigrams of the phonetic keys, computed exactly as PostgreSQL's ``pg_trgm``
computes them on the text ``index_text(person)``: every key token padded with two spaces in front
and one behind, cut into overlapping three-letter pieces. The keys are plain lower-case ASCII, so
``show_trgm(index_text(p))`` in PostgreSQL gives the set ``trigrams(index_text(p))`` gives here;
``liaison.matching.pg`` is the PostgreSQL store (a GIN ``gin_trgm_ops`` index on that column).

A search, in three steps:

1. Never from the family name alone. A trigram held by more than ``common_fraction`` of the
   persons (the trigrams of Nguyen, Tran, Le, "Van", "Thi" at national scale) does not select
   candidates unless the query has too few other trigrams; the PRESELECT persons sharing the most
   of the query's *distinctive* trigrams (at least a third of them) go on.
2. Those are ranked by pg_trgm's similarity over all trigrams, as PostgreSQL ranks them.
3. The CANDIDATES most similar are rescored with ``compare`` (names and qualifiers), so the
   answers are the same whichever store produced the candidates.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from liaison.matching.scoring import MAX_QUALIFIER_GAIN, REVIEW_THRESHOLD, Person, compare, keys_score

PRESELECT = 256  # persons sharing the most distinctive trigrams, ranked again by full similarity
CANDIDATES = 32  # the most similar of those, rescored by compare()
POSTINGS_BUDGET = 40_000  # postings counted per query at most (beyond the MIN_TRIGRAMS rarest)
MIN_TRIGRAMS = 4  # rarest trigrams always used, even if common (a query of common names only)


def index_text(keys: Iterable[tuple[str, ...]]) -> str:
    """The text a trigram index holds for a person: the distinct key tokens of all its names."""
    return " ".join(dict.fromkeys(token for tokens in keys for token in tokens))


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of a text made of lower-case ASCII words (see the module docstring)."""
    out: set[str] = set()
    for word in text.split():
        out.update(_word_trigrams(word))
    return out


@lru_cache(maxsize=200_000)
def _word_trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _marks(values: Iterable[object]) -> str:
    """SQL placeholders for an IN list (the values themselves are always bound parameters)."""
    return ",".join("?" for _ in values)


def _choose(known: list[tuple[int, str]], common: int) -> list[str]:
    """The query trigrams that select candidates, from (persons holding it, trigram), rarest first.

    Common trigrams (held by more than `common` persons) are left out, and the rarest are taken
    until their postings reach POSTINGS_BUDGET: the rarest trigrams say the most about a name and
    cost the least to count. At least MIN_TRIGRAMS are taken, common or not.
    """
    chosen: list[str] = []
    total = 0
    for held, gram in known:
        if len(chosen) >= MIN_TRIGRAMS and (held > common or total + held > POSTINGS_BUDGET):
            break
        chosen.append(gram)
        total += held
    return chosen


def similarity(a: set[str], b: set[str]) -> float:
    """pg_trgm's similarity(): shared trigrams over all distinct trigrams of the two texts."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


def _most_similar(grams: set[str], ranked: list[tuple[int, str]], limit: int) -> list[int]:
    """Of persons (number, index text) ranked by shared distinctive trigrams, the `limit` most
    similar to the query by pg_trgm similarity over *all* trigrams, ties to the earlier ranked.

    The first ranking counts only distinctive trigrams, so a namesake with a longer name ties with
    the exact match; this second one, on few persons, sees the whole name as pg_trgm would.
    """
    seen: dict[str, float] = {}
    scored = []
    for position, (number, text) in enumerate(ranked):
        value = seen.get(text)
        if value is None:
            value = seen[text] = similarity(grams, trigrams(text))
        scored.append((-value, position, number))
    scored.sort()
    return [number for _, _, number in scored[:limit]]


def _as_person(person: Person | str) -> Person:
    return Person(names=(person,)) if isinstance(person, str) else person


class Index:
    """In-process index: postings as compact integer arrays, persons in lists.

    About 100 bytes of postings per person plus the person itself; a million persons fit in a
    few hundred megabytes.
    """

    def __init__(self, *, common_fraction: float = 0.02, candidates: int = CANDIDATES) -> None:
        self.common_fraction = common_fraction
        self.candidates = candidates
        self._refs: list[str] = []
        self._persons: list[Person] = []
        self._keys: list[tuple[tuple[str, ...], ...]] = []
        self._texts: list[str] = []
        self._sizes = array("H")  # trigrams per person, for pg_trgm similarity
        self._postings: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._refs)

    def add(self, ref: str, person: Person | str) -> None:
        person = _as_person(person)
        keys = person.keys()
        number = len(self._refs)
        self._refs.append(ref)
        self._persons.append(person)
        self._keys.append(tuple(keys))
        self._texts.append(index_text(keys))
        grams = trigrams(self._texts[-1])
        self._sizes.append(min(len(grams), 65535))
        postings = self._postings
        for gram in grams:
            posting = postings.get(gram)
            if posting is None:
                postings[gram] = posting = array("i")
            posting.append(number)

    def _candidates(self, grams: set[str]) -> list[int]:
        known = sorted((len(self._postings[g]), g) for g in grams if g in self._postings)
        chosen = _choose(known, max(1, int(self.common_fraction * len(self._refs))))
        if not chosen:
            return []
        # Counting in numpy over zero-copy views of the postings: at a million persons a query's
        # postings hold tens of thousands of entries, too many for a Python loop within 50 ms.
        postings = np.concatenate([np.frombuffer(self._postings[g], dtype=np.int32) for g in chosen])
        counts = np.bincount(postings, minlength=len(self._refs))
        # At least a third of the distinctive trigrams must be shared: one syllable in common
        # with the query (a namesake's given name) does not make a candidate by itself.
        floor = max(1, len(chosen) // 3)
        if len(postings) * 16 < len(counts):
            # Few postings (the usual case): read the persons off them rather than scanning a
            # million counts. Both ways give the persons in ascending order, which ties rely on.
            numbers = np.unique(postings[counts[postings] >= floor])
        else:  # a query of common trigrams only: a linear scan beats sorting its postings
            numbers = np.flatnonzero(counts >= floor).astype(np.int32)
        # Most shared first; ties go to the earlier person (a stable sort of ascending numbers),
        # as in SqliteIndex's ORDER BY, so both stores pick the same set.
        # One key per person: shared count first, then the earlier person (as SQLite's ORDER BY).
        keyed = counts[numbers].astype(np.int64) * (len(self._refs) + 1) - numbers
        if len(keyed) > PRESELECT:
            top = np.argpartition(-keyed, PRESELECT)[:PRESELECT]
            keyed, numbers = keyed[top], numbers[top]
        best = numbers[np.argsort(-keyed)].astype(np.int32)  # the postings' dtype: no cast per search
        # pg_trgm similarity over all the query's trigrams, vectorised: the common trigrams'
        # postings are sorted (persons are numbered in order), so membership is a binary search.
        shared = counts[best].astype(np.float64)
        for gram in grams.difference(chosen):
            posting = self._postings.get(gram)
            if posting is None:
                continue
            held = np.frombuffer(posting, dtype=np.int32)
            at = np.minimum(np.searchsorted(held, best), len(held) - 1)
            shared += held[at] == best
        sizes = np.frombuffer(self._sizes, dtype=np.uint16)[best]
        similarity = shared / (len(grams) + sizes - shared)
        # Most similar first, ties in the order above (np.lexsort: last key is the primary one).
        order = np.lexsort((np.arange(len(best)), -similarity))[: self.candidates]
        return [int(n) for n in best[order]]

    def search(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        """Matches as (ref, score), best first, ties by ref; below min_score (the review band) left out."""
        query = _as_person(query)
        keys = query.keys()
        found = []
        seen: dict[tuple[tuple[str, ...], ...], float] = {}  # namesakes share keys: score them once
        for number in self._candidates(trigrams(index_text(keys))):
            held = self._keys[number]
            names = seen.get(held)
            if names is None:
                names = seen[held] = keys_score(keys, held)
            if names + MAX_QUALIFIER_GAIN < min_score and not query.documents:
                continue  # no qualifier can lift it into the answer
            result = compare(query, self._persons[number], name_score=names)
            if result.score >= min_score:
                found.append((self._refs[number], result.score))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]

    def scan(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        """The same answer by scoring every person (for tests and the benchmark)."""
        query = _as_person(query)
        keys = query.keys()
        found = []
        for ref, person, held in zip(self._refs, self._persons, self._keys, strict=True):
            names = keys_score(keys, held)
            if names + MAX_QUALIFIER_GAIN < min_score and not query.documents:
                continue
            value = compare(query, person, name_score=names).score
            if value >= min_score:
                found.append((ref, value))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]


class SqliteIndex:
    """The same index in a SQLite file (stdlib ``sqlite3``), for a node that restarts often.

    Tables: ``person`` (ref, the person as JSON, its index text) and ``gram`` (trigram, person)
    with a ``gram_count`` table of document frequencies kept current on every add.
    """

    def __init__(
        self, path: str | Path = ":memory:", *, common_fraction: float = 0.02, candidates: int = CANDIDATES
    ) -> None:
        self.common_fraction = common_fraction
        self.candidates = candidates
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS person (
                id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, body TEXT NOT NULL, match_key TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS gram (
                gram TEXT NOT NULL, person INTEGER NOT NULL, PRIMARY KEY (gram, person)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS gram_count (gram TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
            """
        )

        self._count = self._size()

    def _size(self) -> int:
        # max(id) rather than count(*): O(log n), and persons are never deleted from an index.
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0])

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self.db.close()

    def add(self, ref: str, person: Person | str) -> None:
        self.add_many([(ref, person)])

    def add_many(self, items: Iterable[tuple[str, Person | str]]) -> None:
        """Add in one transaction (much faster than one add per person)."""
        with self.db:
            for ref, raw in items:
                person = _as_person(raw)
                text = index_text(person.keys())
                body = json.dumps(
                    [
                        list(person.names),
                        person.birth_date,
                        person.sex,
                        person.nationality,
                        list(person.documents),
                    ],
                    ensure_ascii=False,
                )
                cursor = self.db.execute(
                    "INSERT INTO person (ref, body, match_key) VALUES (?, ?, ?)", (ref, body, text)
                )
                number = cursor.lastrowid
                grams = sorted(trigrams(text))
                self.db.executemany("INSERT INTO gram VALUES (?, ?)", [(g, number) for g in grams])
                self.db.executemany(
                    "INSERT INTO gram_count VALUES (?, 1) ON CONFLICT (gram) DO UPDATE SET n = n + 1",
                    [(g,) for g in grams],
                )
        self._count = self._size()

    def _candidates(self, grams: set[str]) -> list[int]:
        if not grams:
            return []
        sql = f"SELECT gram, n FROM gram_count WHERE gram IN ({_marks(grams)})"  # noqa: S608
        known = sorted((n, g) for g, n in self.db.execute(sql, list(grams)))
        chosen = _choose(known, max(1, int(self.common_fraction * self._count)))
        if not chosen:
            return []
        rows = self.db.execute(
            f"SELECT person, count(*) AS c FROM gram WHERE gram IN ({_marks(chosen)}) GROUP BY person "  # noqa: S608
            "HAVING c >= ? ORDER BY c DESC, person LIMIT ?",
            [*chosen, max(1, len(chosen) // 3), PRESELECT],
        ).fetchall()
        if not rows:
            return []
        numbers = [row[0] for row in rows]
        sql = f"SELECT id, match_key FROM person WHERE id IN ({_marks(numbers)})"  # noqa: S608
        texts = dict(self.db.execute(sql, numbers).fetchall())
        return _most_similar(grams, [(n, texts[n]) for n in numbers], self.candidates)

    def search(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        query = _as_person(query)
        keys = query.keys()
        numbers = self._candidates(trigrams(index_text(keys)))
        if not numbers:
            return []
        sql = f"SELECT ref, body FROM person WHERE id IN ({_marks(numbers)})"  # noqa: S608
        found = []
        for ref, body in self.db.execute(sql, numbers):
            names, birth_date, sex, nationality, documents = json.loads(body)
            person = Person(tuple(names), birth_date, sex, nationality, tuple(documents))
            names = keys_score(keys, person.keys())
            if names + MAX_QUALIFIER_GAIN < min_score and not query.documents:
                continue
            value = compare(query, person, name_score=names).score
            if value >= min_score:
                found.append((ref, value))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]
