"""PgIndex gives the in-process index's hits (needs PostgreSQL on 127.0.0.1; skipped otherwise)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from liaison.matching import HIT_THRESHOLD, Index
from liaison.matching.pg import PgIndex

from .test_index import QUERIES, population

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


def test_pg_index_gives_the_same_hits(pg: Any) -> None:
    people = population(1500)
    memory = Index(common_fraction=0.05)
    for ref, person in people:
        memory.add(ref, person)
    stored = PgIndex(pg)
    stored.add_many(people)
    for query in [*QUERIES, *(p.names[0] for _, p in people[:20])]:
        ours = memory.search(query, limit=10)
        theirs = stored.search(query, limit=10)
        assert [v for _, v in theirs if v >= HIT_THRESHOLD] == [v for _, v in ours if v >= HIT_THRESHOLD], (
            query
        )
        every = dict(memory.scan(query, limit=len(people)))
        assert all(every[ref] == value for ref, value in theirs), query


def test_pg_index_finds_a_lao_script_record(pg: Any) -> None:
    stored = PgIndex(pg, table="matching_lao")
    stored.add("la-1", "ກົງທອງ ພົງວິຈິດ")
    stored.add("vn-1", "Lương Tam Quang")
    assert stored.search("Kong Thoong Phongvichit") == [("la-1", 1.0)]
    with pytest.raises(ValueError, match="table"):
        PgIndex(pg, table="x; drop table y")
