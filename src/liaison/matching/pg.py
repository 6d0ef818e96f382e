"""The name index in PostgreSQL: the same postings as ``SqliteIndex``, in two tables.

``{table}(id, ref, body)`` holds the persons with their keys (``index.encode``);
``{table}_posting(key, chunk, held, persons)`` holds each key's posting in chunks of at most
``index.CHUNK`` person numbers (int32, as ``bytea``; ``index.chunk_rows``), under a btree on
(key, chunk). A search is three indexed reads: the heads of the query's keys (how many persons
each holds), the chunks of the keys chosen, the persons to rescore. Choosing, counting and
rescoring run in Python exactly as for the other stores (``index.KeyIndex``), so the answers
are theirs.

Why not ``pg_trgm``: its GIN index answers ``%`` by reading the postings of *every* trigram of the
query, and the trigrams of Nguyễn, Văn or Thị are in a third of the rows; at 200,000 persons that
was a p99 of 0.6 to 1.3 s (a GiST ``<->`` search 0.2 s), where choosing the rare keys first reads
a few thousand numbers. See docs/matching.md.

The connection is a psycopg 3 connection in autocommit mode (the project's driver); this module
imports no driver itself, and no Django.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from liaison.matching.index import (
    CANDIDATES,
    COMMON_FRACTION,
    KeyIndex,
    Keys,
    chunk_rows,
    decode,
    person_rows,
)
from liaison.matching.scoring import Person

if TYPE_CHECKING:
    from liaison.matching.index import Posting

SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (id integer NOT NULL, ref text NOT NULL, body text NOT NULL);
CREATE TABLE IF NOT EXISTS {table}_posting (
    key text NOT NULL, chunk integer NOT NULL, held integer NOT NULL, persons bytea NOT NULL
);
-- Numbers do not compress: store them as they are, out of line when large.
ALTER TABLE {table}_posting ALTER COLUMN persons SET STORAGE EXTERNAL;
"""
# Built after the first load, which is faster than keeping them current row by row.
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS {table}_id ON {table} (id);
CREATE UNIQUE INDEX IF NOT EXISTS {table}_ref ON {table} (ref);
CREATE UNIQUE INDEX IF NOT EXISTS {table}_posting_key ON {table}_posting (key, chunk);
"""


class PgIndex(KeyIndex):
    """``Index`` over PostgreSQL tables (``table`` is a trusted identifier from configuration)."""

    def __init__(
        self,
        connection: Any,
        table: str = "matching_person",
        *,
        common_fraction: float = COMMON_FRACTION,
        candidates: int = CANDIDATES,
    ) -> None:
        if not table.replace("_", "").isalnum():
            raise ValueError(f"not a plain table name: {table!r}")
        self.db = connection
        self.table = table
        self.common_fraction = common_fraction
        self.candidates = candidates
        with self.db.transaction():
            self.db.execute(SCHEMA.format(table=table))

    def __len__(self) -> int:
        # Persons are numbered from 1 and never deleted: max(id) is their number, read off an index.
        return int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {self.table}").fetchone()[0])  # noqa: S608

    def add(self, ref: str, person: Person | str) -> None:
        self.add_many([(ref, person)])

    def add_many(self, items: Iterable[tuple[str, Person | str]]) -> None:
        """Add in one transaction, with COPY; one writer at a time (searches go on meanwhile)."""
        try:
            with self.db.transaction():
                first = self._load(items)
        except Exception as error:  # the driver's UniqueViolation: this module imports no driver
            if getattr(error, "sqlstate", None) == "23505":
                raise ValueError(f"a ref given is already in the index: {error}") from error
            raise
        if first:  # planner statistics for the first load; autovacuum keeps them current after
            self.db.execute(f"ANALYZE {self.table}, {self.table}_posting")

    def _load(self, items: Iterable[tuple[str, Person | str]]) -> bool:
        """The persons and their postings (in the caller's transaction); whether it was the first load."""
        table = self.table
        # Self-conflicting but compatible with reads: concurrent writers wait for each other, so
        # numbers stay in order and no appended chunk is lost.
        self.db.execute(f"LOCK TABLE {table}_posting IN SHARE ROW EXCLUSIVE MODE")
        start = len(self) + 1
        postings: dict[str, array[int]] = {}
        with cursor_copy(self.db, f"COPY {table} (id, ref, body) FROM STDIN") as copy:
            for person in person_rows(items, start, postings):
                copy.write_row(person)
        heads = self._heads(list(postings)) if start > 1 else {}
        if heads:  # some keys have postings already: their heads are rewritten (an upsert)
            self.db.execute(f"CREATE TEMP TABLE new_posting (LIKE {table}_posting) ON COMMIT DROP")
        target = "pg_temp.new_posting" if heads else f"{table}_posting"
        with cursor_copy(self.db, f"COPY {target} (key, chunk, held, persons) FROM STDIN") as copy:
            for chunk in chunk_rows(postings, heads):
                copy.write_row(chunk)
        if heads:
            self.db.execute(
                f"INSERT INTO {table}_posting SELECT * FROM pg_temp.new_posting "  # noqa: S608
                "ON CONFLICT (key, chunk) DO UPDATE SET held = EXCLUDED.held, persons = EXCLUDED.persons"
            )
        self.db.execute(INDEXES.format(table=table))
        return start == 1

    def _heads(self, keys: list[str]) -> dict[str, tuple[int, bytes]]:
        rows = self.db.execute(
            f"SELECT key, held, persons FROM {self.table}_posting WHERE chunk = 0 AND key = ANY(%s)",  # noqa: S608
            (keys,),
            binary=True,
        )
        return {key: (held, bytes(persons)) for key, held, persons in rows}

    def _counts(self, keys: Iterable[str]) -> tuple[list[tuple[int, str]], int]:
        # One round trip: the heads' counts, and (key NULL) the number of persons.
        rows = self.db.execute(
            f"SELECT held, key FROM {self.table}_posting WHERE chunk = 0 AND key = ANY(%s) "  # noqa: S608
            f"UNION ALL SELECT coalesce(max(id), 0), NULL FROM {self.table}",
            (list(keys),),
        ).fetchall()
        size = next(n for n, key in rows if key is None)
        return [(n, key) for n, key in rows if key is not None], size

    def _postings(self, keys: list[str]) -> Iterable[Posting]:
        rows = self.db.execute(
            f"SELECT persons FROM {self.table}_posting WHERE key = ANY(%s)",  # noqa: S608
            (keys,),
            binary=True,
        )
        return [persons for (persons,) in rows]

    def _records(self, numbers: list[int]) -> list[tuple[str, Person, Keys]]:
        rows = self.db.execute(
            f"SELECT ref, body FROM {self.table} WHERE id = ANY(%s)",  # noqa: S608
            (numbers,),
        )
        return [(ref, *decode(body)) for ref, body in rows]


@contextmanager
def cursor_copy(connection: Any, statement: str) -> Iterator[Any]:
    """A COPY ... FROM STDIN on a cursor of its own."""
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        yield copy
