"""Find the persons held whose names match a query, without scoring every one of them.

Every person is filed under *keys*, made from the phonetic key tokens of each spelling of each of
its names (``normalise.name_keys``) and from two qualifiers:

* every token, and every run of two or three adjacent tokens written together: "Kong Thoong" is
  filed under "koq", "toq" and "koqtoq", so "Kongthong" finds it, and the other way round;
* every pair of tokens of one spelling, in alphabetical order, joined by a space ("an quien"):
  word order is free, and the pair is what tells Nguyễn Văn An from the other Nguyễns and Ans;
* the whole spelling with the birth year ("an quien wan@1980"), so that among a thousand
  namesakes the one born that year comes first when the query gives a birth date;
* each document number ("#C1234567"): a shared document is worth a look whatever the names.

A search runs the same steps whatever the store:

1. The query's keys are looked up with the number of persons filed under each. A key held by more
   than ``common_fraction`` of the persons (Nguyễn, Thị, "Nguyễn Thị" at national scale) selects
   nobody: sharing such a family name with the query does not make a candidate. The others are
   taken rarest first until their postings reach POSTINGS_BUDGET. When every key of the query
   the index knows is common, the rarest of them is taken anyway, so a query never ends without
   candidates while some key of it is held.
2. Persons are counted over the postings of the chosen keys; the CANDIDATES sharing the most keys
   go on, ties to the earlier person.
3. Those are rescored with ``compare`` (names and qualifiers): best first, ties by ref.

A posting is the sorted array of the 32-bit numbers of the persons filed under a key. The stores
differ only in where they keep postings and persons: ``Index`` in process, ``SqliteIndex`` in a
SQLite file, ``liaison.matching.pg.PgIndex`` in PostgreSQL. Steps 1 to 3 run here, in Python, on
what the store returns, so every store gives the same answers by construction.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from abc import ABC, abstractmethod
from array import array
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from liaison.matching.scoring import (
    MAX_QUALIFIER_GAIN,
    REVIEW_THRESHOLD,
    Person,
    compare,
    document_key,
    keys_score,
)

if TYPE_CHECKING:
    Posting = bytes | memoryview | array[int]  # int32 person numbers, as a store keeps them

CANDIDATES = 32  # persons sharing the most keys, rescored by compare()
COMMON_FRACTION = 0.02  # a key held by more of the persons selects nobody (unless all are common)
POSTINGS_BUDGET = 40_000  # postings counted per query at most (the rarest key is always counted)
CHUNK = 4096  # persons per stored posting row: appending rewrites one row of at most 16 KB
_MAX_RUN = 3  # tokens written together: "Khamla" for "Kham La", "Sivongxay" for "Si Vong Xay"

Keys = list[tuple[str, ...]]  # a person's phonetic key tokens, one tuple per spelling


def index_keys(person: Person, keys: Keys | None = None) -> set[str]:
    """The keys a person is filed under, or a query looks up (see the module docstring);
    `keys` are the person's own (``person.keys()``) when the caller has them already."""
    out: set[str] = set()
    year = (person.birth_date or "")[:4]
    for tokens in person.keys() if keys is None else keys:
        for start, token in enumerate(tokens):
            for end in range(start + 1, min(len(tokens), start + _MAX_RUN) + 1):
                out.add("".join(tokens[start:end]))
            out.update(" ".join(sorted((token, other))) for other in tokens[start + 1 :] if other != token)
        if year and tokens:
            out.add(f"{' '.join(sorted(tokens))}@{year}")
    for number in person.documents:
        if document := document_key(number):
            out.add(f"#{document}")
    return out


def choose_keys(held: Iterable[tuple[int, str]], common: int) -> list[str]:
    """The keys that select candidates, from (persons filed under it, key) pairs (step 1)."""
    known = sorted(pair for pair in held if pair[0] > 0)
    chosen: list[str] = []
    total = 0
    for count, key in known:
        if count > common or total + count > POSTINGS_BUDGET:
            break
        chosen.append(key)
        total += count
    return chosen or [key for _, key in known[:1]]


def most_shared(postings: Iterable[Posting], limit: int) -> list[int]:
    """The `limit` persons appearing in the most postings (int32 numbers, as the stores keep
    them), ties to the lower number (step 2)."""
    arrays = [np.frombuffer(posting, dtype=np.int32) for posting in postings]
    if not arrays:
        return []
    # The postings are sorted runs, which a stable sort (timsort) merges in linear time.
    merged = np.sort(np.concatenate(arrays), kind="stable")
    if not len(merged):
        return []
    starts = np.flatnonzero(np.concatenate(([True], merged[1:] != merged[:-1])))
    shared = np.diff(np.append(starts, len(merged)))
    # Numbers ascend, so a stable sort on the count alone breaks ties to the lower number;
    # counts are small, and as int16 numpy sorts them by radix.
    order = np.argsort(-shared.astype(np.int16), kind="stable")[:limit]
    return [int(n) for n in merged[starts[order]]]


def _as_person(person: Person | str) -> Person:
    return Person(names=(person,)) if isinstance(person, str) else person


def encode(person: Person, keys: Keys) -> str:
    """A person and its keys as stored (JSON): the keys are kept so rescoring need not
    romanise the names again. An index must be rebuilt when the key rules change."""
    return json.dumps(
        [
            list(person.names),
            person.birth_date,
            person.sex,
            person.nationality,
            list(person.documents),
            [list(tokens) for tokens in keys],
        ],
        ensure_ascii=False,
    )


def decode(body: str) -> tuple[Person, Keys]:
    names, birth_date, sex, nationality, documents, keys = json.loads(body)
    person = Person(tuple(names), birth_date, sex, nationality, tuple(documents))
    return person, [tuple(tokens) for tokens in keys]


def file_person(postings: dict[str, array[int]], number: int, person: Person, keys: Keys) -> None:
    """Append a person's number to the postings of its keys (numbers are filed ascending)."""
    for key in index_keys(person, keys):
        posting = postings.get(key)
        if posting is None:
            postings[key] = posting = array("i")
        posting.append(number)


def person_rows(
    items: Iterable[tuple[str, Person | str]], start: int, postings: dict[str, array[int]]
) -> Iterator[tuple[int, str, str]]:
    """Rows (number, ref, body) to store, numbered from `start`, filing each person in `postings`
    as it goes. A ref given twice is refused (the caller's transaction is rolled back)."""
    seen: set[str] = set()
    for number, (ref, raw) in enumerate(items, start):
        if ref in seen:
            raise ValueError(f"ref {ref!r} is given twice")
        seen.add(ref)
        person = _as_person(raw)
        keys = person.keys()
        file_person(postings, number, person, keys)
        yield number, ref, encode(person, keys)


def chunk_rows(
    postings: dict[str, array[int]], heads: dict[str, tuple[int, bytes]]
) -> Iterator[tuple[str, int, int, bytes]]:
    """Rows (key, chunk, held, numbers as int32 bytes) that append `postings` to stored postings.

    Chunk 0 of a key is its head: its newest numbers (at most CHUNK) and, as `held`, the number
    of persons filed under the key, so a search learns it from one row. When a head overflows,
    its oldest CHUNK numbers are sealed in a row of their own, numbered by the first of them
    (persons are numbered from 1), whose `held` is CHUNK. `heads` are the stored heads as
    (held, numbers) by key. Rows come sorted by key, then chunk: B-trees load fastest so.
    """
    size = 4 * CHUNK
    for key in sorted(postings):
        held, numbers = heads.get(key, (0, b""))
        added = postings[key]
        numbers += added.tobytes()
        sealed = []
        while len(numbers) > size:
            piece, numbers = numbers[:size], numbers[size:]
            sealed.append((key, int.from_bytes(piece[:4], sys.byteorder), CHUNK, piece))
        yield key, 0, held + len(added), numbers
        yield from sealed


class KeyIndex(ABC):
    """The search shared by every store; a store says how to read its postings and persons."""

    common_fraction: float
    candidates: int

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def _counts(self, keys: Iterable[str]) -> tuple[list[tuple[int, str]], int]:
        """(persons filed under the key, key) for the keys held, and the number of persons."""

    @abstractmethod
    def _postings(self, keys: list[str]) -> Iterable[Posting]:
        """The postings of the keys: int32 person numbers, one buffer or several per key."""

    @abstractmethod
    def _records(self, numbers: list[int]) -> list[tuple[str, Person, Keys]]:
        """(ref, person, its keys) of the numbered persons, in any order."""

    def candidates_for(self, query: Person, keys: Keys) -> list[int]:
        """Numbers of the persons to rescore for a query (steps 1 and 2)."""
        query_keys = index_keys(query, keys)
        if not query_keys:
            return []
        held, size = self._counts(query_keys)
        chosen = choose_keys(held, max(1, int(self.common_fraction * size)))
        if not chosen:
            return []
        return most_shared(self._postings(chosen), self.candidates)

    def search(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        """Matches as (ref, score), best first, ties by ref; below min_score (the review band) left out."""
        query = _as_person(query)
        keys = query.keys()
        numbers = self.candidates_for(query, keys)
        if not numbers:
            return []
        return rescore(query, keys, self._records(numbers), limit, min_score)


def rescore(
    query: Person, keys: Keys, records: Iterable[tuple[str, Person, Keys]], limit: int, min_score: float
) -> list[tuple[str, float]]:
    """Score each record against the query (step 3); namesakes share keys, so names are scored once."""
    found = []
    seen: dict[tuple[tuple[str, ...], ...], float] = {}
    for ref, person, held in records:
        signature = tuple(held)
        names = seen.get(signature)
        if names is None:
            names = seen[signature] = keys_score(keys, held)
        if names + MAX_QUALIFIER_GAIN < min_score and not query.documents:
            continue  # no qualifier can lift it into the answer
        value = compare(query, person, name_score=names).score
        if value >= min_score:
            found.append((ref, value))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found[:limit]


class Index(KeyIndex):
    """In-process index: postings as compact integer arrays, persons in lists.

    Most keys (a name with its birth year, a Lao name's pairs) are held by one person: their
    posting is that person's number itself, a third of the memory of a one-element array.
    """

    def __init__(self, *, common_fraction: float = COMMON_FRACTION, candidates: int = CANDIDATES) -> None:
        self.common_fraction = common_fraction
        self.candidates = candidates
        self._refs: list[str] = []
        self._persons: list[Person] = []
        self._keys: list[Keys] = []
        self._by_key: dict[str, int | array[int]] = {}

    def __len__(self) -> int:
        return len(self._refs)

    def add(self, ref: str, person: Person | str) -> None:
        person = _as_person(person)
        keys = person.keys()
        number = len(self._refs)
        self._refs.append(ref)
        self._persons.append(person)
        self._keys.append(keys)
        by_key = self._by_key
        for key in index_keys(person, keys):
            posting = by_key.get(key)
            if posting is None:
                by_key[key] = number
            elif isinstance(posting, int):
                by_key[key] = array("i", (posting, number))
            else:
                posting.append(number)

    def _counts(self, keys: Iterable[str]) -> tuple[list[tuple[int, str]], int]:
        held = [(key, self._by_key.get(key)) for key in keys]
        return [(1 if isinstance(p, int) else len(p), k) for k, p in held if p is not None], len(self._refs)

    def _postings(self, keys: list[str]) -> Iterable[Posting]:
        postings = (self._by_key[k] for k in keys)
        return [array("i", (p,)) if isinstance(p, int) else p for p in postings]

    def _records(self, numbers: list[int]) -> list[tuple[str, Person, Keys]]:
        return [(self._refs[n], self._persons[n], self._keys[n]) for n in numbers]

    def scan(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        """The same answer by scoring every person (for tests and the benchmark)."""
        query = _as_person(query)
        return rescore(
            query, query.keys(), zip(self._refs, self._persons, self._keys, strict=True), limit, min_score
        )


class SqliteIndex(KeyIndex):
    """The same index in a SQLite file (stdlib ``sqlite3``), for a node that restarts often.

    ``person(id, ref, body)`` holds each person with its keys (``encode``); ``posting(key, chunk,
    held, persons)`` holds each key's posting in chunks of at most CHUNK numbers (int32 BLOBs):
    a search reads one row per key for its size (the head, ``chunk_rows``) and the chunks of the
    few keys it chooses; appending rewrites only a key's head.
    """

    SCHEMA_VERSION = 2  # 1: one row per (trigram, person)

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        common_fraction: float = COMMON_FRACTION,
        candidates: int = CANDIDATES,
    ) -> None:
        self.common_fraction = common_fraction
        self.candidates = candidates
        self.path = str(path)
        self.db = sqlite3.connect(self.path)
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables and version != self.SCHEMA_VERSION:
            self.db.close()
            raise ValueError(f"{self.path} holds a name index of another format ({version}): rebuild it")
        self.db.executescript(
            f"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA user_version = {self.SCHEMA_VERSION};
            CREATE TABLE IF NOT EXISTS person (id INTEGER PRIMARY KEY, ref TEXT NOT NULL, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS posting (
                key TEXT NOT NULL, chunk INTEGER NOT NULL, held INTEGER NOT NULL, persons BLOB NOT NULL,
                PRIMARY KEY (key, chunk)
            ) WITHOUT ROWID;
            """
        )

    def __len__(self) -> int:
        # max(id) rather than count(*): O(log n), and persons are never deleted from an index.
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0])

    def close(self) -> None:
        self.db.close()

    def add(self, ref: str, person: Person | str) -> None:
        self.add_many([(ref, person)])

    def add_many(self, items: Iterable[tuple[str, Person | str]]) -> None:
        """Add in one transaction. The first load into an empty file is a bulk load: no fsync
        until it is done (a crash leaves a file to delete, nothing else is in it), and the ref
        index is built after the rows are in."""
        fresh = len(self) == 0
        if fresh:
            self.db.execute("PRAGMA synchronous = OFF")
        try:
            with self.db:
                start = len(self) + 1
                postings: dict[str, array[int]] = {}
                self.db.executemany(
                    "INSERT INTO person (id, ref, body) VALUES (?, ?, ?)", person_rows(items, start, postings)
                )
                heads = {} if fresh else self._heads(list(postings))
                self.db.executemany(
                    "INSERT OR REPLACE INTO posting (key, chunk, held, persons) VALUES (?, ?, ?, ?)",
                    chunk_rows(postings, heads),
                )
                self.db.execute("CREATE UNIQUE INDEX IF NOT EXISTS person_ref ON person (ref)")
        except sqlite3.IntegrityError as error:
            raise ValueError(f"a ref given is already in the index (refs are unique): {error}") from error
        finally:
            if fresh:
                self.db.execute("PRAGMA synchronous = NORMAL")

    def _heads(self, keys: list[str]) -> dict[str, tuple[int, bytes]]:
        out = {}
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            sql = f"SELECT key, held, persons FROM posting WHERE chunk = 0 AND key IN ({_marks(batch)})"  # noqa: S608
            for key, held, persons in self.db.execute(sql, batch):
                out[key] = (held, bytes(persons))
        return out

    def _counts(self, keys: Iterable[str]) -> tuple[list[tuple[int, str]], int]:
        keys = list(keys)
        sql = f"SELECT held, key FROM posting WHERE chunk = 0 AND key IN ({_marks(keys)})"  # noqa: S608
        return list(self.db.execute(sql, keys)), len(self)

    def _postings(self, keys: list[str]) -> Iterable[Posting]:
        sql = f"SELECT persons FROM posting WHERE key IN ({_marks(keys)})"  # noqa: S608
        return [row[0] for row in self.db.execute(sql, keys)]

    def _records(self, numbers: list[int]) -> list[tuple[str, Person, Keys]]:
        sql = f"SELECT ref, body FROM person WHERE id IN ({_marks(numbers)})"  # noqa: S608
        return [(ref, *decode(body)) for ref, body in self.db.execute(sql, numbers)]


def _marks(values: Sized) -> str:
    """SQL placeholders for an IN list (the values themselves are always bound parameters)."""
    return ",".join("?" * len(values))
