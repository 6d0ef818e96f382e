"""Reminders of periodic reports, run by the task worker (django-tasks with its database backend):
persisted as task rows, so a restarted node still sends each reminder, at its time, once.

Each reminder task, when it has run, queues the next period's; a schedule saved (here or by the
peer) queues its first. Run the worker with `liaison db_worker`."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from django_tasks import task

from liaison.core.node import local_party

__all__ = ["remind_report", "reminder_time", "schedule_next_reminder"]

REMIND_HOUR = 8  # local time: the reminder reaches the desk at the start of the working day


def reminder_time(due_on: dt.date, days_before: int) -> dt.datetime:
    moment = dt.datetime.combine(due_on - dt.timedelta(days=days_before), dt.time(REMIND_HOUR))
    return timezone.make_aware(moment)


@task()
def remind_report(schedule_uid: str, period_start: str) -> str:
    """Send one period's reminder (if its report is still missing), then queue the next period's."""
    from .models import ReportSchedule
    from .services import do_send_reminder

    schedule = (
        ReportSchedule.objects.select_related("reporting_unit__party")
        .filter(uid=uuid.UUID(schedule_uid))
        .first()
    )
    if schedule is None:
        return "schedule gone"
    start = dt.date.fromisoformat(period_start)
    reminder = do_send_reminder(schedule, start)
    schedule_next_reminder(schedule.pk, after=start)
    return "reminded" if reminder is not None else "nothing to remind"


def schedule_next_reminder(schedule_pk: int, *, after: dt.date | None = None) -> None:
    """Queue the reminder of the next period whose report is still to come (the reporting party's
    node only). `after`: the period just handled, so the chain moves on."""
    from .models import ReportSchedule
    from .models.reports import add_months

    schedule = ReportSchedule.objects.select_related("reporting_unit__party").filter(pk=schedule_pk).first()
    if schedule is None or not schedule.is_active or schedule.reporting_unit.party.code != local_party():
        return
    today = timezone.localdate()
    start = schedule.next_period_start(today)
    previous = add_months(start, -schedule.months)  # ended, but its due date may still be ahead
    if previous >= schedule.starts_on and schedule.period_bounds(previous)[2] >= today:
        start = previous
    if after is not None and start <= after:
        start = schedule.period_bounds(after)[1] + dt.timedelta(days=1)
    _start, _end, due_on = schedule.period_bounds(start)
    run_after = max(reminder_time(due_on, schedule.remind_days_before), timezone.now())
    remind_report.using(run_after=run_after).enqueue(str(schedule.uid), start.isoformat())
