"""Log-in, log-out and the lockout after repeated failures, all audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from liaison.core.models import AuditEvent, AuditEventType, Officer

PASSWORD = "correct-horse-battery"


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": username, "password": password}, secure=True)


@pytest.fixture
def officer(make_officer):  # type: ignore[no-untyped-def]
    return make_officer("vn.duty", unit="VN-QTR", roles=("officer", "duty_officer"))


def test_good_login_reaches_dashboard_and_is_audited(client, officer):  # type: ignore[no-untyped-def]
    response = login(client, "vn.duty", PASSWORD)
    assert response.status_code == 302
    assert client.get("/", secure=True).status_code == 200
    assert AuditEvent.objects.filter(event_type=AuditEventType.LOGIN, actor=officer).exists()


def test_wrong_password_says_so_and_is_audited(client, officer):  # type: ignore[no-untyped-def]
    response = login(client, "vn.duty", "wrong")
    assert response.status_code == 401
    assert "Wrong user name or password" in response.content.decode()
    failed = AuditEvent.objects.get(event_type=AuditEventType.LOGIN_FAILED)
    assert failed.actor_name == "vn.duty"
    assert failed.extra_data["failures"] == 1


def test_five_wrong_passwords_lock_the_account(client, officer):  # type: ignore[no-untyped-def]
    for _ in range(5):
        response = login(client, "vn.duty", "wrong")
    assert "locked" in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_locked()
    assert (
        AuditEvent.objects.filter(event_type=AuditEventType.ACCOUNT_LOCKED, target_id=str(officer.pk)).count()
        == 1
    )
    # While locked, even the right password is refused, and that attempt is audited too.
    response = login(client, "vn.duty", PASSWORD)
    assert response.status_code == 401
    assert "locked" in response.content.decode()
    assert (
        AuditEvent.objects.filter(event_type=AuditEventType.LOGIN_FAILED, extra_data__reason="locked").count()
        == 1
    )
    assert client.get("/", secure=True).status_code == 302  # still logged out


def test_lock_expires_and_success_resets_the_counter(client, officer):  # type: ignore[no-untyped-def]
    for _ in range(5):
        login(client, "vn.duty", "wrong")
    Officer.objects.filter(pk=officer.pk).update(locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert login(client, "vn.duty", PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert officer.failed_logins == 0 and officer.locked_until is None


def test_four_failures_then_success_does_not_lock(client, officer):  # type: ignore[no-untyped-def]
    for _ in range(4):
        login(client, "vn.duty", "wrong")
    assert login(client, "vn.duty", PASSWORD).status_code == 302


def test_unknown_user_gets_the_same_message(client, db):  # type: ignore[no-untyped-def]
    response = login(client, "nobody", "whatever")
    assert response.status_code == 401
    assert "Wrong user name or password" in response.content.decode()


def test_logout_is_audited_and_needs_post(client, officer):  # type: ignore[no-untyped-def]
    login(client, "vn.duty", PASSWORD)
    assert client.get("/logout/", secure=True).status_code == 405
    assert client.post("/logout/", secure=True).status_code == 302
    assert AuditEvent.objects.filter(event_type=AuditEventType.LOGOUT, actor=officer).exists()
    assert client.get("/", secure=True).status_code == 302
