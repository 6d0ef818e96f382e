"""PgIndex gives the in-process index's answers (needs PostgreSQL on 127.0.0.1; skipped otherwise)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from typing import Any

import pytest

from liaison.matching import Person
from liaison.matching.pg import PgIndex

from .test_index import QUERIES, in_process, population

psycopg = pytest.importorskip("psycopg")
SERVER = {
    "host": "127.0.0.1",
    "port": 5432,
    "user": os.environ.get("PGUSER", "postgres"),
    "connect_timeout": 2,
}


@pytest.fixture(scope="module")
def pg() -> Iterator[Any]:
    """A database of our own for this module, dropped afterwards (the server is shared)."""
    name = f"liaison_matching_test_{os.getpid()}"
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, **SERVER)
    except psycopg.OperationalError:
        if os.environ.get("CI") == "true":  # as scripts/test.sh: CI requires PostgreSQL
            raise
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dbname=name, autocommit=True, **SERVER) as connection:
            yield connection
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_pg_index_gives_the_same_answers(pg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks, so that postings span several and later loads append to a chunk not yet full.
    monkeypatch.setattr("liaison.matching.index.CHUNK", 64)
    people = population(1500)
    memory = in_process(people)
    stored = PgIndex(pg, common_fraction=0.05)
    stored.add_many(people[:700])  # the first load: tables filled, then indexed
    for ref, person in people[700:710]:
        stored.add(ref, person)
    stored.add_many(people[710:])
    assert len(stored) == len(people)
    assert pg.execute("SELECT count(*) FROM matching_person_posting WHERE chunk > 0").fetchone()[0] >= 3
    rng = random.Random(5)
    for query in [*QUERIES, *(p for _, p in rng.sample(people, 30))]:
        assert stored.search(query, limit=20) == memory.search(query, limit=20), query


def test_pg_index_finds_a_lao_script_record_and_refuses_a_ref_twice(pg: Any) -> None:
    stored = PgIndex(pg, table="matching_lao")
    stored.add("la-1", "ກົງທອງ ພົງວິຈິດ")
    stored.add("vn-1", Person(("Lương Tam Quang",), birth_date="1965"))
    assert stored.search("Kong Thoong Phongvichit") == [("la-1", 1.0)]
    with pytest.raises(ValueError, match="already in the index"):
        stored.add_many([("vn-2", "Tô Lâm"), ("la-1", "Vilay Lakhamphong")])
    assert len(stored) == 2
    assert stored.search("To Lam") == []
    with pytest.raises(ValueError, match="table"):
        PgIndex(pg, table="x; drop table y")
