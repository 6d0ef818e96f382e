"""core.plainsql: the statements of the federation's hot path, on the driver's own cursor (SQLite)
or Django's. Whichever cursor runs them, callers see what the ORM would give them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext

from liaison.core.plainsql import column, fetchall, fetchone, run, table, value
from liaison.federation.models import Receipt

pytestmark = pytest.mark.django_db(transaction=True)

R = Receipt
INSERT = (
    f"INSERT INTO {table(R)} ({column(R, 'batch_id')}, {column(R, 'to_party')}, "  # noqa: S608
    f"{column(R, 'received_at')}, {column(R, 'body')}) VALUES (%s, %s, %s, %s)"
)
AT = dt.datetime(2024, 3, 5, 7, 30, 15, 123456, tzinfo=dt.UTC)


def _insert(batch: str, body: dict[str, object]) -> int:
    return run(INSERT, [batch, "LA", value(R, "received_at", AT), value(R, "body", body)])


def test_rows_written_and_read_in_plain_sql_are_what_the_orm_writes_and_reads() -> None:
    assert _insert("b-1", {"batch": "b-1", "note": "50% of the pad"}) == 1

    stored = Receipt.objects.get(batch_id="b-1")
    assert stored.received_at == AT and stored.body == {"batch": "b-1", "note": "50% of the pad"}
    row = fetchone(
        f"SELECT {column(R, 'to_party')}, {column(R, 'received_at')} FROM {table(R)} "  # noqa: S608
        f"WHERE {column(R, 'batch_id')} = %s AND {column(R, 'to_party')} LIKE '%%A'",
        ["b-1"],
    )
    assert row is not None and row[0] == "LA"
    assert fetchall(f"SELECT {column(R, 'batch_id')} FROM {table(R)}") == [("b-1",)]  # noqa: S608
    assert fetchone(f"SELECT 1 FROM {table(R)} WHERE {column(R, 'batch_id')} = %s", ["b-2"]) is None  # noqa: S608


def test_a_failing_statement_raises_djangos_error_and_its_transaction_is_rolled_back() -> None:
    _insert("b-1", {})
    # django.db's IntegrityError, as callers catch it on every backend
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert("b-2", {})
        _insert("b-1", {})  # the same primary key
    assert list(Receipt.objects.values_list("batch_id", flat=True)) == ["b-1"]


def test_statements_are_seen_by_djangos_query_log() -> None:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        _insert("b-1", {})
        fetchone(f"SELECT 1 FROM {table(R)} WHERE {column(R, 'batch_id')} = %s", ["b-1"])  # noqa: S608
    assert len(queries) == 2
    assert "b-1" in queries[1]["sql"]
