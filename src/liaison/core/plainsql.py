"""Plain SQL for the few statements that run once per federation request or per envelope.

Why not the ORM there: building a query (filters, joins, ordering, compilation) costs the ORM some
0.3 ms each time, ten to twenty times what SQLite then takes to run it, and a one-envelope request
made half a dozen of them. These statements are written once, with every table and column name
taken from the models' metadata (`table`, `column`) and every value adapted by its model field as
the ORM would (`value`), so they follow the models and work on every database backend.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import Field, Model

__all__ = ["column", "fetchall", "fetchone", "for_update", "run", "table", "value"]

T = TypeVar("T")


# Names are quoted once per process: a process talks to one database (DATABASES has only
# "default"), and asking the connection for its vendor on every call cost more than the statement.
@lru_cache(maxsize=512)
def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@lru_cache(maxsize=1024)
def column(model: type[Model], field: str) -> str:
    name = _field(model, field).column
    assert name is not None, f"{model.__name__}.{field} has no column"
    return connection.ops.quote_name(name)


def value(model: type[Model], field: str, raw: Any) -> Any:
    """`raw` as the database takes it for this field (dates, times, JSON, ...)."""
    return _field(model, field).get_db_prep_save(raw, connection)


def for_update() -> str:
    """The row-lock clause where the database has one (PostgreSQL); SQLite locks the whole file
    for the transaction anyway."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def fetchone(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    row = _execute(sql, params, lambda cursor: cursor.fetchone())
    return tuple(row) if row is not None else None


def fetchall(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return _execute(sql, params, lambda cursor: [tuple(row) for row in cursor.fetchall()])


def run(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
    """Execute one statement; returns the number of rows it changed."""
    return _execute(sql, params, lambda cursor: int(cursor.rowcount))


def _execute(sql: str, params: list[Any] | tuple[Any, ...], result: Callable[[Any], T]) -> T:
    """Run one statement and return `result(cursor)`, with the database's errors as Django's.

    On SQLite, on sqlite3's own cursor: at one envelope per request, building Django's cursor and
    passing each statement through its wrappers cost more than SQLite's work. Django's checks that
    matter here still run (connection open, not shared across threads, no broken transaction), and
    the connection is Django's, with its converters. Django's cursor is used where something
    observes it (its query log, as in tests that count queries, or an execute wrapper), and on
    PostgreSQL, where the round trip to the server dwarfs the wrappers. (`db` is the connection
    itself, looked up once: each attribute of django.db.connection looks it up anew.)
    """
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "sqlite" or db.queries_logged or db.execute_wrappers:
        cursor = db.cursor()
    else:
        db.ensure_connection()
        db.validate_thread_sharing()
        db.validate_no_broken_transaction()
        cursor, sql = db.connection.cursor(), _qmark(sql)
    try:
        with db.wrap_database_errors:
            cursor.execute(sql, params)
            return result(cursor)
    finally:
        cursor.close()


@lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    """The statement in sqlite3's parameter style, converted as Django's SQLite cursor converts it
    (`%s` to `?`, `%%` to `%`)."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field
