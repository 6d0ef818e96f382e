"""The hotline's services on one (VN) node: raising, receiving, deadlines counted from delivery,
acknowledgement, resolution, escalation steps fired at most once and in order, notifications on
real local SMTP and webhook servers with retries shown, and the figures."""

from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liaison.core.models import AuditEvent, Twinning
from liaison.federation.models import PRIORITY_RANK, OutboxEnvelope
from liaison.hotline import services
from liaison.hotline.choices import AlertState, NotificationState, StepState
from liaison.hotline.figures import ack_figures, percentile
from liaison.hotline.models import Alert, AlertStep, Notification

from .conftest import incoming_payload
from .servers import smtp_server, webhook_server

pytestmark = pytest.mark.django_db


def _sent(kind: str) -> list[OutboxEnvelope]:
    return list(OutboxEnvelope.objects.filter(type=f"hotline.alert.{kind}.v1").order_by("seq"))


def _receive(desk, **overrides):  # type: ignore[no-untyped-def]
    return services.receive_alert(incoming_payload(**overrides), from_party="LA")


# --- raising (the sending node) ------------------------------------------------------------------


def test_raising_an_alert_queues_an_immediate_envelope_to_the_counterpart(desk) -> None:
    alert = services.check_raise_alert(
        acting_user=desk["duty"],
        to_unit=desk["units"]["LA-SVK"],
        kind="missing_person",
        subject="Child missing near the border",
        offence_category="missing_persons",
    )
    (row,) = _sent("raised")
    assert row.to_party == "LA" and row.priority == PRIORITY_RANK["immediate"]
    assert row.id == alert.envelope_id
    assert row.body["payload"]["to_unit"] == "LA-SVK" and row.body["payload"]["kind"] == "missing_person"
    assert alert.state == AlertState.RAISED and alert.deadline_at is None  # counts from delivery
    assert AuditEvent.objects.filter(event_type="hotline.alert_raised").count() == 1


@pytest.mark.parametrize(
    ("who", "to", "error"),
    [
        ("viewer", "LA-SVK", PermissionDenied),  # a viewer raises nothing
        ("duty", "LA-MPS", ValidationError),  # not twinned with Quang Tri
        ("outsider", "LA-SVK", ValidationError),  # Kon Tum is not twinned with Savannakhet here
    ],
)
def test_raising_is_refused_outside_role_or_twinning(desk, who, to, error) -> None:
    with pytest.raises(error):
        services.check_raise_alert(
            acting_user=desk[who], to_unit=desk["units"][to], kind="other", subject="x"
        )
    assert not Alert.objects.exists() and not _sent("raised")


def test_an_unlisted_offence_category_is_refused(desk) -> None:
    with pytest.raises(ValidationError):
        services.check_raise_alert(
            acting_user=desk["duty"],
            to_unit=desk["units"]["LA-SVK"],
            kind="other",
            subject="x",
            offence_category="political_dissent",
        )


# --- receiving (the receiving node) ---------------------------------------------------------------


def test_a_received_alert_starts_its_deadline_on_delivery_and_plans_the_chain(desk) -> None:
    twinning = Twinning.objects.get()
    services.check_set_ack_deadline(twinning, seconds=120, acting_user=desk["admin"])
    services.check_set_escalation_chain(
        desk["units"]["VN-QTR"],
        steps=[(0, "notify_duty"), (60, "notify_head"), (30, "notify_desk")],
        repeat_times=1,
        acting_user=desk["admin"],
    )
    raised_long_ago = (timezone.now() - dt.timedelta(hours=3)).isoformat()  # e.g. queued during an outage
    before = timezone.now()
    alert = _receive(desk, raised_at=raised_long_ago)
    assert alert.state == AlertState.DELIVERED
    assert before <= alert.delivered_at <= timezone.now()
    assert alert.deadline_at == alert.delivered_at + dt.timedelta(seconds=120)
    steps = list(alert.steps.order_by("position"))
    assert [(s.position, s.round, s.action) for s in steps] == [
        (1, 1, "notify_duty"),
        (2, 1, "notify_head"),
        (3, 1, "notify_desk"),
        (4, 2, "notify_duty"),
        (5, 2, "notify_head"),
        (6, 2, "notify_desk"),
    ]
    offsets = [(s.due_at - alert.deadline_at).total_seconds() for s in steps]
    assert offsets == [0, 60, 90, 90, 150, 180]
    # One timer per step, persisted as a django-tasks row due at the step's time.
    from django_tasks_db.models import DBTaskResult

    timers = sorted(
        r.run_after for r in DBTaskResult.objects.filter(task_path__endswith="fire_due_steps_task")
    )
    assert timers == [s.due_at for s in steps]
    (delivered,) = _sent("delivered")
    assert delivered.priority == PRIORITY_RANK["immediate"]
    assert [s["position"] for s in delivered.body["payload"]["steps"]] == [1, 2, 3, 4, 5, 6]
    # The desk was notified: a live push to its pages and an e-mail to the officer on duty.
    channels = sorted(alert.notifications.values_list("channel", "recipient"))
    assert ("browser", "VN-QTR") in channels and ("email", "qtr.duty@example.test") in channels


def test_a_received_alert_is_stored_once(desk) -> None:
    payload = incoming_payload()
    services.receive_alert(payload, from_party="LA")
    services.receive_alert(payload, from_party="LA")
    assert Alert.objects.count() == 1 and len(_sent("delivered")) == 1


@pytest.mark.parametrize(
    ("overrides", "from_party"),
    [
        ({"from_unit": "VN-KTM"}, "LA"),  # LA cannot speak for a VN unit
        ({"to_unit": "LA-MPS"}, "LA"),  # not a unit of this node
        ({"kind": "political"}, "LA"),
        ({"offence_category": "religious"}, "LA"),
        ({"to_unit": "NOPE"}, "LA"),
    ],
)
def test_a_malformed_or_misaddressed_alert_is_refused(desk, overrides, from_party) -> None:
    with pytest.raises(ValueError):
        services.receive_alert(incoming_payload(**overrides), from_party=from_party)
    assert not Alert.objects.exists()


def test_the_roster_decides_who_is_on_duty(desk) -> None:
    unit = desk["units"]["VN-QTR"]
    assert services.on_duty(unit.pk) == [desk["duty"], desk["duty2"]]  # no roster: every duty officer
    now = timezone.now()
    services.check_add_duty_shift(
        unit,
        officer=desk["duty2"],
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        acting_user=desk["duty"],
    )
    services.check_add_duty_shift(
        unit,
        officer=desk["duty"],
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=13),
        acting_user=desk["duty"],
    )
    assert services.on_duty(unit.pk) == [desk["duty2"]]
    assert services.on_duty(unit.pk, now + dt.timedelta(hours=2)) == [desk["duty"]]
    with pytest.raises(PermissionDenied):
        services.check_add_duty_shift(
            unit,
            officer=desk["duty"],
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
            acting_user=desk["viewer"],
        )
    with pytest.raises(ValidationError):  # an officer of another unit
        services.check_add_duty_shift(
            unit,
            officer=desk["outsider"],
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
            acting_user=desk["admin"],
        )


# --- acknowledgement and escalation -------------------------------------------------------------


def test_acknowledging_stops_the_chain_and_tells_the_sender(desk) -> None:
    alert = _receive(desk)
    with pytest.raises(PermissionDenied):
        services.check_acknowledge(alert, acting_user=desk["viewer"])
    with pytest.raises(PermissionDenied):
        services.check_acknowledge(alert, acting_user=desk["outsider"])  # another unit's desk
    alert = services.check_acknowledge(alert, acting_user=desk["duty"], note="Patrol sent.")
    assert alert.state == AlertState.ACKNOWLEDGED and alert.ack_seconds is not None
    assert set(alert.steps.values_list("state", flat=True)) == {StepState.CANCELLED}
    (ack,) = _sent("acknowledged")
    assert ack.to_party == "LA" and ack.body["payload"]["note"] == "Patrol sent."
    assert services.fire_due_steps(now=timezone.now() + dt.timedelta(days=1)) == 0
    with pytest.raises(ValidationError):
        services.check_acknowledge(alert, acting_user=desk["duty"])


def test_steps_fire_in_order_once_each_and_only_when_due(desk) -> None:
    services.check_set_escalation_chain(
        desk["units"]["VN-QTR"],
        steps=[(0, "notify_duty"), (10, "notify_head"), (10, "notify_desk")],
        acting_user=desk["admin"],
    )
    alert = _receive(desk)
    deadline = alert.deadline_at
    assert services.fire_due_steps(now=deadline - dt.timedelta(seconds=1)) == 0
    assert services.fire_due_steps(now=deadline) == 1
    # A worker that was stopped for a while fires what came due since, in order, and nothing twice.
    assert services.fire_due_steps(now=deadline + dt.timedelta(seconds=25)) == 2
    assert services.fire_due_steps(now=deadline + dt.timedelta(seconds=25)) == 0
    steps = list(alert.steps.order_by("position"))
    assert all(s.state == StepState.DONE for s in steps)
    assert [s.done_at for s in steps] == sorted(s.done_at for s in steps)  # type: ignore[type-var]
    escalated = _sent("escalated")
    assert [e.body["payload"]["position"] for e in escalated] == [1, 2, 3]
    alert.refresh_from_db()
    assert alert.state == AlertState.ESCALATING
    # The chain's targets without an address are recorded as failed with the reason, not dropped.
    head = Notification.objects.get(step__position=2, channel="email")
    assert head.state == NotificationState.FAILED and "head" in head.last_error
    # Firing one step twice (a task that ran again) does nothing the second time.
    assert services.fire_step(steps[0].pk) is False
    assert len(_sent("escalated")) == 3


def test_the_sender_mirrors_delivery_steps_and_acknowledgement(desk) -> None:
    alert = services.check_raise_alert(
        acting_user=desk["duty"], to_unit=desk["units"]["LA-SVK"], kind="wanted_person", subject="Wanted"
    )
    now = timezone.now()
    deadline = now + dt.timedelta(minutes=15)
    services.receive_delivered(
        {
            "uid": str(alert.uid),
            "delivered_at": now.isoformat(),
            "deadline_at": deadline.isoformat(),
            "steps": [
                {"position": 1, "round": 1, "action": "notify_duty", "due_at": deadline.isoformat()},
                {"position": 2, "round": 1, "action": "notify_desk", "due_at": deadline.isoformat()},
            ],
        },
        from_party="LA",
    )
    services.receive_escalated(
        {"uid": str(alert.uid), "position": 1, "action": "notify_duty", "done_at": deadline.isoformat()},
        from_party="LA",
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.ESCALATING and alert.deadline_at == deadline
    assert list(alert.steps.order_by("position").values_list("state", flat=True)) == ["done", "pending"]
    # The sender's node never fires the receiving party's steps itself.
    assert services.fire_due_steps(now=deadline + dt.timedelta(hours=1)) == 0
    services.receive_acknowledged(
        {"uid": str(alert.uid), "acknowledged_at": timezone.now().isoformat(), "acknowledged_by": "ບຸນມີ"},
        from_party="LA",
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.acknowledged_by_name == "ບຸນມີ"
    assert list(alert.steps.order_by("position").values_list("state", flat=True)) == ["done", "cancelled"]
    with pytest.raises(ValueError):  # KH is not the receiving party of this alert
        services.receive_acknowledged(
            {"uid": str(alert.uid), "acknowledged_at": now.isoformat(), "acknowledged_by": "x"},
            from_party="KH",
        )


def test_either_side_resolves_and_the_other_is_told(desk) -> None:
    alert = _receive(desk)
    with pytest.raises(ValidationError):
        services.check_resolve(alert, acting_user=desk["duty"], note=" ")
    services.check_resolve(alert, acting_user=desk["duty"], note="Vehicle stopped at Lao Bao.")
    (resolved,) = _sent("resolved")
    assert resolved.to_party == "LA"
    outgoing = services.check_raise_alert(
        acting_user=desk["duty"], to_unit=desk["units"]["LA-SVK"], kind="other", subject="y"
    )
    services.receive_resolved(
        {
            "uid": str(outgoing.uid),
            "resolved_at": timezone.now().isoformat(),
            "resolved_by": "LA",
            "note": "Found.",
        },
        from_party="LA",
    )
    outgoing.refresh_from_db()
    assert outgoing.state == AlertState.RESOLVED and outgoing.resolution_note == "Found."


# --- notification channels -------------------------------------------------------------------------


def test_email_goes_through_a_real_smtp_server(desk, settings) -> None:
    with smtp_server() as (port, mailbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        alert = _receive(desk)
        email = alert.notifications.get(channel="email", recipient="qtr.duty@example.test")
        assert services.do_send_notification(email.pk) == NotificationState.SENT
    assert mailbox.recipients == [["qtr.duty@example.test"]]
    raw = mailbox.messages[0]["Subject"]
    subject = " ".join(str(make_header(decode_header(raw))).split())  # decoded and unfolded
    # in the language of the Vietnamese desk it is sent to
    assert (
        subject == "Cảnh báo đường dây nóng từ Savannakhet Public Security: Vehicle crossing towards Lao Bao"
    )
    body = mailbox.messages[0].get_payload(decode=True).decode()
    assert "Grey pick-up, two persons." in body


def test_failures_are_retried_with_backoff_then_shown_as_given_up(desk, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    with webhook_server() as (url, hook):
        services.check_set_unit_contacts(desk["units"]["VN-QTR"], webhook_url=url, acting_user=desk["admin"])
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
        alert = _receive(desk)
        email = alert.notifications.get(channel="email", recipient="qtr.duty@example.test")
        webhook = alert.notifications.get(channel="webhook")
        hook.status = 500
        assert services.do_send_notification(webhook.pk) == NotificationState.RETRYING
        hook.status = 200
        assert services.do_send_notification(webhook.pk) == NotificationState.SENT
        assert len(hook.bodies) == 2 and str(alert.uid).encode() in hook.bodies[1]
        states = [services.do_send_notification(email.pk) for _ in range(services.notify.MAX_ATTEMPTS)]
    assert states[:-1] == [NotificationState.RETRYING] * (services.notify.MAX_ATTEMPTS - 1)
    assert states[-1] == NotificationState.FAILED
    email.refresh_from_db()
    assert email.attempts == services.notify.MAX_ATTEMPTS and "Connection" in email.last_error
    retries = DBTaskResult.objects.filter(
        task_path__endswith="send_notification_task", args_kwargs__args=[email.pk]
    )
    # The first send plus one scheduled retry per failure but the last, each later than the one before.
    assert retries.count() == services.notify.MAX_ATTEMPTS
    # Given up means shown, not dropped: a later run changes nothing.
    assert services.do_send_notification(email.pk) == NotificationState.FAILED


# --- figures -----------------------------------------------------------------------------------------


def test_time_to_acknowledge_median_and_p90_per_twinning_and_month(desk) -> None:
    for seconds in (30, 60, 90, 120, 600):
        alert = _receive(desk)
        Alert.objects.filter(pk=alert.pk).update(
            state=AlertState.ACKNOWLEDGED, acknowledged_at=alert.delivered_at + dt.timedelta(seconds=seconds)
        )
    _receive(desk)  # not acknowledged: not counted
    (figure,) = ack_figures(Alert.objects.all())
    assert (figure.alerts, figure.median_seconds, figure.p90_seconds) == (5, 90, 600)
    assert figure.month == timezone.localtime().strftime("%Y-%m")
    assert "Quang Tri" in figure.twinning
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9


def test_steps_of_an_alert_are_rows_with_due_times(desk) -> None:
    alert = _receive(desk)
    assert AlertStep.objects.filter(alert=alert, state=StepState.PENDING).count() == 3  # the default chain
