"""The node's person index: the ONE module of the cases app that calls `liaison.matching`.

It turns the persons this node holds (`Entity` rows of kind person, with their name variants and
qualifiers) into `matching.Person`s, keeps each person's phonetic keys in `Entity.match_key`, and
answers "which held person best matches this query?".

Two stores, one answer:
- embedded default (SQLite, or any database): an in-process `matching.Index`, rebuilt when the
  persons change (checked by a cheap generation query, so every process of a node sees new persons);
- PostgreSQL: candidates come from a `pg_trgm` GIN index on `cases_entity.match_key` (migration
  0002), the same keys the in-process index cuts into trigrams.
Either way every candidate is rescored with `matching.compare`, so the decision does not depend on
the store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Max

from liaison import matching

from .choices import EntityKind
from .models import Entity, EntityName

__all__ = ["HIT_THRESHOLD", "Match", "best_match", "match_key", "person_of", "score_names"]

HIT_THRESHOLD = matching.HIT_THRESHOLD
_PG_CANDIDATES = 200
_MIN_SCORE = 0.5


@dataclass(frozen=True)
class Match:
    entity_id: int
    score: float


def _person(
    names: list[str],
    birth_date: str = "",
    sex: str = "",
    nationality: str = "",
    documents: list[str] | None = None,
) -> matching.Person:
    return matching.Person(
        names=tuple(names),
        birth_date=birth_date or None,
        sex=sex or None,
        nationality=nationality or None,
        documents=tuple(documents or ()),
    )


def person_of(entity: Entity) -> matching.Person:
    return _person(
        [n.name for n in entity.names.all()] or [entity.label],
        entity.birth_date,
        entity.sex,
        entity.nationality,
        list(entity.documents or []),
    )


def query_person(
    names: list[str], birth_date: str = "", documents: list[str] | None = None
) -> matching.Person:
    return _person(names, birth_date, documents=documents)


def match_key(names: list[str]) -> str:
    """The text the index holds for a person: the distinct phonetic key tokens of all its names."""
    return matching.index_text(matching.Person(names=tuple(names)).keys())


def score_names(a: str, b: str) -> float:
    """How alike two bare names are (for pages that show why two names are taken as one)."""
    return matching.score(a, b)


# --- the embedded store ---------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _generation() -> tuple[int, int, int]:
    persons = Entity.objects.filter(kind=EntityKind.PERSON).aggregate(n=Count("pk"), last=Max("pk"))
    last_name = EntityName.objects.aggregate(last=Max("pk"))["last"] or 0
    return persons["n"] or 0, persons["last"] or 0, last_name


def _in_process_index() -> matching.Index:
    generation = _generation()
    with _lock:
        if _cache.get("generation") == generation:
            return _cache["index"]  # type: ignore[return-value]
        index = matching.Index()
        for entity in Entity.objects.filter(kind=EntityKind.PERSON).prefetch_related("names").order_by("pk"):
            index.add(str(entity.pk), person_of(entity))
        _cache.update(generation=generation, index=index)
        return index


def forget() -> None:
    """Drop the in-process index (tests that roll the database back call this)."""
    with _lock:
        _cache.clear()


# --- the PostgreSQL store -------------------------------------------------------------------------


def _pg_candidates(query: matching.Person) -> list[int]:
    text = matching.index_text(query.keys())
    if not text:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL holds for this transaction only (hence the atomic block). word_similarity: how
        # well the query's keys are found inside the held keys (a person holds more names than one
        # asks with). The GIN index serves the <% operator.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3")
        cursor.execute(
            "SELECT id FROM cases_entity WHERE kind = %s AND %s <%% match_key "
            "ORDER BY word_similarity(%s, match_key) DESC, id LIMIT %s",
            [EntityKind.PERSON.value, text, text, _PG_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]


def _pg_matches(query: matching.Person) -> list[Match]:
    ids = _pg_candidates(query)
    found = []
    for entity in Entity.objects.filter(pk__in=ids).prefetch_related("names"):
        result = matching.compare(query, person_of(entity))
        found.append(Match(entity.pk, result.score))
    return found


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def matches(query: matching.Person, limit: int = 5, *, store: str = "") -> list[Match]:
    """Held persons matching the query (score at least 0.5), best first, ties by the earlier record.

    `store` picks "postgres" or "memory" (tests compare the two); by default, PostgreSQL when the
    node runs on it."""
    store = store or ("postgres" if uses_postgres() else "memory")
    if store == "postgres":
        found = [m for m in _pg_matches(query) if m.score >= _MIN_SCORE]
    else:
        found = [
            Match(int(ref), value)
            for ref, value in _in_process_index().search(query, limit=limit, min_score=_MIN_SCORE)
        ]
    found.sort(key=lambda m: (-m.score, m.entity_id))
    return found[:limit]


def best_match(query: matching.Person) -> Match | None:
    """The held person taken for the one asked about (at the hit threshold), or None."""
    found = matches(query, limit=1)
    if found and found[0].score >= HIT_THRESHOLD:
        return found[0]
    return None
