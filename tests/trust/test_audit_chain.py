"""The audit row hash covers every stored field: editing any one column of a row (with SQL, behind
the application's back) makes `audit verify` name that row."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liaison.core import audit
from liaison.core.models import AuditEvent, AuditEventType, AuditHead
from liaison.core.request_context import bind_request_id, reset_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(make_officer, units):  # type: ignore[no-untyped-def]
    """Three rows with every field filled in: actor, unit, target, details and request id."""
    actor = make_officer("vn.auditor", unit="VN-QTR")
    token = bind_request_id("req-1")
    try:
        made = [
            audit.record(
                AuditEventType.UNIT_CHANGED,
                actor=actor,
                target=units["VN-KTM"],
                extra={"n": n, "changed": ["names"]},
            )
            for n in range(3)
        ]
    finally:
        reset_request_id(token)
    return made


def _other_officer_id(make_officer) -> int:  # type: ignore[no-untyped-def]
    return make_officer("vn.other", unit="VN-KTM").pk  # type: ignore[attr-defined,no-any-return]


# column -> a different value for it (computed from the row)
EDITS = {
    "occurred_at": lambda row, other: row.occurred_at + dt.timedelta(seconds=1),
    "event_type": lambda row, other: str(AuditEventType.DEMO_LOADED),
    "actor_id": lambda row, other: other,
    "actor_name": lambda row, other: "mallory",
    "unit_code": lambda row, other: "VN-KTM",
    "target_type": lambda row, other: "core.party",
    "target_id": lambda row, other: "999",
    "extra_data": lambda row, other: '{"n": 99, "changed": ["names"]}',
    "request_id": lambda row, other: "req-2",
}


def test_every_field_of_a_row_is_filled_and_hashed(rows) -> None:  # type: ignore[no-untyped-def]
    row = AuditEvent.objects.get(pk=rows[1].pk)
    assert row.actor_id and row.actor_name == "vn.auditor" and row.unit_code == "VN-QTR"
    assert row.target_type == "core.unit" and row.target_id and row.request_id == "req-1"
    assert row.extra_data == {"n": 1, "changed": ["names"]}
    assert audit.verify() == (AuditEvent.objects.count(), None)
    # every stored column other than the id and the two hashes is in the hashed fields
    stored = {f.column for f in AuditEvent._meta.concrete_fields} - {"id", "prev_hash", "row_hash"}
    assert stored == set(EDITS)


@pytest.mark.parametrize("column", sorted(EDITS))
def test_editing_any_field_names_the_row(rows, make_officer, column) -> None:  # type: ignore[no-untyped-def]
    victim = AuditEvent.objects.get(pk=rows[1].pk)
    value = EDITS[column](victim, _other_officer_id(make_officer))
    assert audit.verify() == (AuditEvent.objects.count(), None)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", [value, victim.pk])  # noqa: S608
    checked, problem = audit.verify()
    assert problem is not None and problem.row_id == victim.pk, (column, problem)
    assert "the row was edited" in problem.reason
    # the rows before it are intact and counted; the walk stops at the edited one
    assert checked == AuditEvent.objects.filter(id__lt=victim.pk).count()
    with pytest.raises(CommandError, match=f"row {victim.pk}: content does not match its hash"):
        call_command("audit", "verify")


def test_rewriting_a_rows_hash_breaks_the_next_link(rows) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET row_hash = %s WHERE id = %s", ["f" * 64, rows[1].pk])
    checked, problem = audit.verify()
    assert problem is not None and problem.row_id == rows[1].pk
    assert checked == AuditEvent.objects.filter(id__lt=rows[1].pk).count()


def test_rewriting_a_rows_previous_hash_is_detected(rows) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET prev_hash = %s WHERE id = %s", ["e" * 64, rows[2].pk])
    checked, problem = audit.verify()
    assert problem is not None and problem.row_id == rows[2].pk
    assert checked == AuditEvent.objects.filter(id__lt=rows[2].pk).count()
    assert "previous-row hash does not match" in problem.reason
    assert str(problem) == f"row {rows[2].pk}: {problem.reason}"


def test_the_head_counts_rows_and_names_the_last_hash(rows) -> None:  # type: ignore[no-untyped-def]
    head = AuditHead.objects.get(pk=1)
    total = AuditEvent.objects.count()
    assert head.row_count == total and head.last_hash == AuditEvent.objects.order_by("-id").first().row_hash
    AuditHead.objects.filter(pk=1).update(row_count=total + 1)
    checked, problem = audit.verify()
    assert checked == total and problem is not None and problem.row_id is None
    assert str(problem) == (
        f"end of chain: chain head expects {total + 1} rows ending in {head.last_hash[:12]}…, "
        f"found {total}: rows were deleted from the end"
    )
    AuditHead.objects.filter(pk=1).update(row_count=total, last_hash="d" * 64)
    assert audit.verify()[1] is not None


def test_an_empty_trail_verifies_and_the_first_row_starts_from_genesis(db) -> None:  # type: ignore[no-untyped-def]
    assert audit.verify() == (0, None)
    first = audit.record(AuditEventType.DEMO_LOADED, actor=None)
    assert first.prev_hash == audit.GENESIS and first.actor_name == "" and first.unit_code == ""
    assert first.target_type == "" and first.target_id == "" and first.extra_data == {}
    assert audit.verify() == (1, None)


def test_explicit_target_names_win_over_the_object(units) -> None:  # type: ignore[no-untyped-def]
    row = audit.record(
        AuditEventType.UNIT_CHANGED,
        actor=None,
        actor_name="peer:LA",
        target=units["VN-KTM"],
        target_type="custom.kind",
        target_id="abc",
        extra={"when": dt.date(2025, 1, 2)},
    )
    assert (row.target_type, row.target_id, row.actor_name) == ("custom.kind", "abc", "peer:LA")
    assert row.extra_data == {"when": "2025-01-02"}  # stored as the JSON the hash was made of
    assert audit.verify() == (AuditEvent.objects.count(), None)


# Two rows as a node wrote them before this release: the stored values and hashes, literally.
WRITTEN_BEFORE = [
    {
        "occurred_at": dt.datetime(2025, 3, 4, 5, 6, 7, 89000, tzinfo=dt.UTC),
        "event_type": "unit.changed",
        "actor_name": "vn.auditor",  # the officer was deleted since (actor is NULL)
        "unit_code": "VN-QTR",
        "target_type": "core.unit",
        "target_id": "7",
        "extra_data": {"z": "Quảng Trị", "a": [1, {"y": 2, "b": None}]},
        "request_id": "req-1",
        "prev_hash": audit.GENESIS,
        "row_hash": "65ff35f4ed0ee0e08491f767028f6072ce68d13a9ffb2c7a3a9027cf1ed56588",
    },
    {
        "occurred_at": dt.datetime(2025, 3, 4, 5, 6, 8, tzinfo=dt.UTC),
        "event_type": "envelope.refused",
        "actor_name": "peer:LA",
        "prev_hash": "65ff35f4ed0ee0e08491f767028f6072ce68d13a9ffb2c7a3a9027cf1ed56588",
        "row_hash": "8131ad7f7a86ca13cf8670c22c29d470d477bb7e9791aab3d411f3c92499f79e",
    },
]


def test_a_trail_written_by_an_earlier_release_still_verifies_and_grows(db) -> None:  # type: ignore[no-untyped-def]
    """The row hash is a stored format: SHA-256 of the previous hash followed by the row's fields as
    key-sorted, compact JSON in UTF-8. After an upgrade, `audit verify` must accept the trail the
    node already has, and an auditor can recompute a hash outside the application."""
    for values in WRITTEN_BEFORE:
        AuditEvent.objects.create(**values)
    AuditHead.objects.create(pk=1, last_hash=WRITTEN_BEFORE[-1]["row_hash"], row_count=2)
    body = (
        '{"actor":null,"actor_name":"vn.auditor","at":"2025-03-04T05:06:07.089000+00:00",'
        '"extra":{"a":[1,{"b":null,"y":2}],"z":"Quảng Trị"},"request":"req-1","target_id":"7",'
        '"target_type":"core.unit","type":"unit.changed","unit":"VN-QTR"}'
    )
    assert hashlib.sha256((audit.GENESIS + body).encode()).hexdigest() == WRITTEN_BEFORE[0]["row_hash"]
    assert audit.verify() == (2, None)
    call_command("audit", "verify")
    newer = audit.record(AuditEventType.DEMO_LOADED, actor=None)
    assert newer.prev_hash == WRITTEN_BEFORE[-1]["row_hash"]
    assert audit.verify() == (3, None)


def test_deleting_the_last_rows_and_the_head_is_detected(rows) -> None:  # type: ignore[no-untyped-def]
    total = AuditEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[2].pk])
        cursor.execute("DELETE FROM core_audithead")
    checked, problem = audit.verify()
    assert checked == total - 1 and problem is not None and problem.row_id is None
    assert str(problem) == "end of chain: the chain head is missing: rows may have been deleted from the end"
    with pytest.raises(CommandError, match="the chain head is missing"):
        call_command("audit", "verify")


def test_an_officer_deleted_before_the_row_is_written_is_named_not_linked(make_officer) -> None:  # type: ignore[no-untyped-def]
    officer = make_officer("vn.gone", unit="VN-QTR")
    officer.delete()  # the object stays in memory, without a primary key
    row = audit.record(AuditEventType.LOGOUT, actor=officer)
    stored = AuditEvent.objects.get(pk=row.pk)
    assert stored.actor_id is None and (stored.actor_name, stored.unit_code) == ("vn.gone", "VN-QTR")
    assert audit.verify() == (AuditEvent.objects.count(), None)
