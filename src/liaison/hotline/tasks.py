"""The hotline's timers, run by the django-tasks database worker (`liaison db_worker`): persisted
rows, never in-memory timers, so a restarted node carries on where it stopped."""

from __future__ import annotations

from django_tasks import task


@task()
def fire_due_steps_task() -> int:
    """Scheduled at each step's due time; fires every step due by now, in order (see escalation)."""
    from .services import fire_due_steps

    return fire_due_steps()


@task()
def send_notification_task(notification_id: int) -> str:
    from .services import do_send_notification

    return do_send_notification(notification_id)
