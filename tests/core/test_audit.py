"""The audit trail is hash-chained: editing or deleting a row is detected and the row is named."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liaison.core import audit
from liaison.core.models import AuditEvent, AuditEventType


@pytest.fixture
def three_rows(db):  # type: ignore[no-untyped-def]
    for n in range(3):
        audit.record(
            AuditEventType.DEMO_LOADED, actor=None, actor_name="test", extra={"n": n, "text": "Lương"}
        )
    return list(AuditEvent.objects.order_by("id"))


def test_intact_chain_verifies(three_rows, capsys):  # type: ignore[no-untyped-def]
    call_command("audit", "verify")
    assert "audit trail OK: 3 rows" in capsys.readouterr().out


def test_rows_chain_to_their_predecessor(three_rows):  # type: ignore[no-untyped-def]
    assert three_rows[0].prev_hash == audit.GENESIS
    assert three_rows[1].prev_hash == three_rows[0].row_hash
    assert three_rows[2].prev_hash == three_rows[1].row_hash


def test_editing_a_row_with_sql_names_that_row(three_rows):  # type: ignore[no-untyped-def]
    victim = three_rows[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["mallory", victim.pk])
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert f"row {victim.pk}:" in str(failure.value)
    assert "edited" in str(failure.value)


def test_editing_json_details_is_detected(three_rows):  # type: ignore[no-untyped-def]
    victim = three_rows[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET extra_data = %s WHERE id = %s", ['{"n": 99}', victim.pk])
    with pytest.raises(CommandError, match=f"row {victim.pk}:"):
        call_command("audit", "verify")


def test_deleting_a_middle_row_names_the_row_after_the_gap(three_rows):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [three_rows[1].pk])
    with pytest.raises(CommandError, match=f"row {three_rows[2].pk}: previous-row hash"):
        call_command("audit", "verify")


def test_deleting_the_last_row_is_detected(three_rows):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [three_rows[2].pk])
    with pytest.raises(CommandError, match="deleted from the end"):
        call_command("audit", "verify")


def test_audit_admin_is_read_only(admin_client, three_rows):  # type: ignore[no-untyped-def]
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    response = admin_client.post(f"/admin/core/auditevent/{three_rows[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.count() >= 3


def test_admin_changes_and_bulk_deletions_are_audited(admin_client, units):  # type: ignore[no-untyped-def]
    from liaison.core import services
    from liaison.core.models import Twinning

    twinning = services.do_create_twinning(units["VN-QTR"], units["LA-SVK"], acting_user=None)
    response = admin_client.post(
        "/admin/core/twinning/",
        {"action": "delete_selected", "_selected_action": [twinning.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Twinning.objects.exists()
    deleted = AuditEvent.objects.get(event_type=AuditEventType.REFERENCE_DELETED)
    assert deleted.target_id == str(twinning.pk) and deleted.extra_data["via"] == "admin"
    page = admin_client.post(
        f"/admin/core/unit/{units['VN-KTM'].pk}/change/",
        {
            "code": "VN-KTM",
            "party": units["VN-KTM"].party_id,
            "kind": "provincial_police",
            "names": '{"en": "Kon Tum Provincial Public Security"}',
            "parent": units["VN-MPS"].pk,
            "offence_focus": "",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    changed = AuditEvent.objects.filter(
        event_type=AuditEventType.UNIT_CHANGED, target_id=str(units["VN-KTM"].pk)
    )
    assert changed.last().extra_data["changed"] == ["names"]
    call_command("audit", "verify")
