"""The figures the dashboard and the API show: overdue periodic reports and unanswered threads,
both scoped to what the officer may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from liaison.core.access import scope_unit_ids

from .models import Period, ReportSchedule, Thread


@dataclass
class OverdueRow:
    schedule: ReportSchedule
    period: Period


def overdue_reports(officer: Any, *, states: tuple[str, ...] = ("overdue",)) -> list[OverdueRow]:
    """Every overdue period (or period in `states`) of the schedules the officer sees, oldest due
    date first."""
    today = timezone.localdate()
    schedules = (
        ReportSchedule.objects.visible_to(officer)
        .filter(is_active=True)
        .select_related("reporting_unit__party", "recipient_unit__party")
        .prefetch_related("reports")
    )
    rows = [
        OverdueRow(schedule, period)
        for schedule in schedules
        for period in schedule.periods(today, list(schedule.reports.all()))
        if period.state in states
    ]
    return sorted(rows, key=lambda r: r.period.due_on)


def unanswered_threads(officer: Any) -> QuerySet[Thread]:
    """Threads whose latest message was addressed to the officer's unit (or one below it)."""
    return (
        Thread.objects.visible_to(officer)
        .filter(awaiting_unit_id__in=scope_unit_ids(officer))
        .order_by("last_message_at")
    )
