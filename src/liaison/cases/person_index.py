"""The node's person index: the ONE module of the cases app that calls `liaison.matching`.

It turns the persons this node holds (`Entity` rows of kind person, with their name variants and
qualifiers) into `matching.Person`s, files each under its name keys in `PersonIndexChunk` in the
transaction that adds it (`file_person`), and answers "which held person best matches this
query?" with the library's search (`matching.index.KeyIndex`): the postings of the query's rare
keys, the persons sharing the most keys, rescored with `matching.compare`. The same tables and
the same code serve SQLite and PostgreSQL, so the answer does not depend on the database, and it
is the answer of the library's in-process `Index` over the same persons.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction

from liaison import matching
from liaison.matching import index as key_index

from .choices import EntityKind
from .models import Entity, PersonIndexChunk

if TYPE_CHECKING:
    from liaison.matching.index import Keys, Posting

__all__ = ["HIT_THRESHOLD", "Match", "best_match", "file_person", "matches", "person_of", "score_names"]

HIT_THRESHOLD = matching.HIT_THRESHOLD
_MIN_SCORE = 0.5
ALL = ""  # no name key is empty: under it, the head counts the persons filed


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


def score_names(a: str, b: str) -> float:
    """How alike two bare names are (for pages that show why two names are taken as one)."""
    return matching.score(a, b)


def _ref(entity_id: int) -> str:
    # The search breaks ties by ref as text: zero-padded, text order is the order of the pks.
    return f"{entity_id:020d}"


def file_person(entity: Entity) -> None:
    """File a person just added, in the transaction that adds it (its names are saved)."""
    person = person_of(entity)
    postings: dict[str, array[int]] = {}
    key_index.file_person(postings, entity.pk, person, person.keys())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # One filer at a time, readers unhindered: two appending to one head would lose one.
                cursor.execute(f"LOCK TABLE {PersonIndexChunk._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        heads = {
            chunk.key: (chunk.held, bytes(chunk.persons))
            for chunk in PersonIndexChunk.objects.filter(chunk=0, key__in=[*postings, ALL])
        }
        rows = [
            PersonIndexChunk(key=key, chunk=chunk, held=held, persons=numbers)
            for key, chunk, held, numbers in key_index.chunk_rows(postings, heads)
        ]
        rows.append(PersonIndexChunk(key=ALL, chunk=0, held=heads.get(ALL, (0, b""))[0] + 1, persons=b""))
        PersonIndexChunk.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["key", "chunk"], update_fields=["held", "persons"]
        )


class _HeldPersons(key_index.KeyIndex):
    """The library's search over the persons filed in this node's database."""

    common_fraction = key_index.COMMON_FRACTION
    candidates = key_index.CANDIDATES

    def __len__(self) -> int:
        head = PersonIndexChunk.objects.filter(key=ALL, chunk=0).values_list("held", flat=True).first()
        return head or 0

    def _counts(self, keys: Iterable[str]) -> tuple[list[tuple[int, str]], int]:
        held = dict(PersonIndexChunk.objects.filter(chunk=0, key__in=[*keys, ALL]).values_list("key", "held"))
        size = held.pop(ALL, 0)
        return [(count, key) for key, count in held.items()], size

    def _postings(self, keys: list[str]) -> Iterable[Posting]:
        return list(PersonIndexChunk.objects.filter(key__in=keys).values_list("persons", flat=True))

    def _records(self, numbers: list[int]) -> list[tuple[str, matching.Person, Keys]]:
        persons = Entity.objects.filter(pk__in=numbers, kind=EntityKind.PERSON).prefetch_related("names")
        out = []
        for entity in persons:
            person = person_of(entity)
            out.append((_ref(entity.pk), person, person.keys()))
        return out


def matches(query: matching.Person, limit: int = 5) -> list[Match]:
    """Held persons matching the query (score at least 0.5), best first, ties by the earlier record."""
    found = _HeldPersons().search(query, limit=limit, min_score=_MIN_SCORE)
    return [Match(int(ref), value) for ref, value in found]


def best_match(query: matching.Person) -> Match | None:
    """The held person taken for the one asked about (at the hit threshold), or None."""
    found = matches(query, limit=1)
    if found and found[0].score >= HIT_THRESHOLD:
        return found[0]
    return None
