"""The name index in PostgreSQL, on a ``pg_trgm`` GIN index over the same index text.

Each person's row holds ``match_key = index_text(person.keys())`` (lower-case ASCII key tokens), so
PostgreSQL's own trigrams of that column are exactly ``trigrams(match_key)`` here. A query asks
for the persons whose ``match_key`` is trigram-similar to the query's (``%``, served by the GIN
index), takes the 32 most similar (``similarity()``, ties to the lower id), and rescores them in
Python with the same ``compare`` as the other stores. The ranking function is the one the
in-process index applies to its preselected persons, so a hit found by one is found by the other.

The connection is any DB-API connection of psycopg 3 (the project's driver); this module imports
no driver itself, and no Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from liaison.matching.index import CANDIDATES, _as_person, index_text
from liaison.matching.scoring import MAX_QUALIFIER_GAIN, REVIEW_THRESHOLD, Person, compare, keys_score

# A shared family name alone ("quien" in "quien wan an") gives a similarity near 0.3 with a
# three-token name; candidates must share more than that.
SIMILARITY_THRESHOLD = 0.35

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS {table} (
    id bigint PRIMARY KEY,
    ref text NOT NULL UNIQUE,
    body text NOT NULL,
    match_key text NOT NULL
);
CREATE INDEX IF NOT EXISTS {table}_trgm ON {table} USING gin (match_key gin_trgm_ops);
"""


class PgIndex:
    """``Index`` over a PostgreSQL table (``table`` is a trusted identifier from configuration)."""

    def __init__(self, connection: Any, table: str = "matching_person", candidates: int = CANDIDATES) -> None:
        if not table.replace("_", "").isalnum():
            raise ValueError(f"not a plain table name: {table!r}")
        self.db = connection
        self.table = table
        self.candidates = candidates
        with self.db.transaction():
            self.db.execute(SCHEMA.format(table=table))
        self.db.execute(f"SET pg_trgm.similarity_threshold = {SIMILARITY_THRESHOLD}")
        self._next = int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1  # noqa: S608

    def add(self, ref: str, person: Person | str) -> None:
        self.add_many([(ref, person)])

    def add_many(self, items: Iterable[tuple[str, Person | str]]) -> None:
        sql = f"COPY {self.table} (id, ref, body, match_key) FROM STDIN"
        with self.db.transaction(), self.db.cursor() as cursor, cursor.copy(sql) as copy:
            for ref, raw in items:
                person = _as_person(raw)
                fields = [
                    person.names,
                    person.birth_date,
                    person.sex,
                    person.nationality,
                    person.documents,
                ]
                copy.write_row(
                    (self._next, ref, json.dumps(fields, ensure_ascii=False), index_text(person.keys()))
                )
                self._next += 1
        self.db.execute(f"ANALYZE {self.table}")

    def search(
        self, query: Person | str, limit: int = 10, min_score: float = REVIEW_THRESHOLD
    ) -> list[tuple[str, float]]:
        query = _as_person(query)
        keys = query.keys()
        text = index_text(keys)
        if not text:
            return []
        rows = self.db.execute(
            f"SELECT ref, body FROM {self.table} WHERE match_key %% %s "  # noqa: S608
            "ORDER BY similarity(match_key, %s) DESC, id LIMIT %s",
            (text, text, self.candidates),
        ).fetchall()
        found = []
        for ref, body in rows:
            names, birth_date, sex, nationality, documents = json.loads(body)
            person = Person(tuple(names), birth_date, sex, nationality, tuple(documents))
            value = keys_score(keys, person.keys())
            if value + MAX_QUALIFIER_GAIN < min_score and not query.documents:
                continue
            result = compare(query, person, name_score=value).score
            if result >= min_score:
                found.append((ref, result))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]
