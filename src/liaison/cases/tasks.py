"""Reminders of assistance requests, run by the task worker (django-tasks, database backend).

Run the worker with `liaison db_worker` (django_tasks_db's command). When a request arrives, two
reminders are queued for the requested unit: when three quarters of the time to answer have gone,
and at the deadline; each does nothing if the request has been answered or declined by then."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from .models import AssistanceRequest

__all__ = ["remind_request", "reminder_times", "schedule_reminders"]


@task()
def remind_request(request_id: int) -> bool:
    """Record a reminder (or an overdue notice) on an open request; False if it is closed or gone."""
    from .services import do_remind_request

    req = AssistanceRequest.objects.filter(pk=request_id).first()
    return bool(req is not None and do_remind_request(req))


def reminder_times(req: AssistanceRequest) -> list[dt.datetime]:
    lead = (req.deadline - req.asked_at) / 4
    return [t for t in (req.deadline - lead, req.deadline) if t > req.asked_at]


def schedule_reminders(req: AssistanceRequest) -> None:
    """Queue the reminders of a request (call after commit: the worker must find the request)."""
    now = timezone.now()
    for when in reminder_times(req):
        remind_request.using(run_after=max(when, now)).enqueue(req.pk)
