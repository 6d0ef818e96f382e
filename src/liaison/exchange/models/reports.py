"""Periodic reports: what one unit owes another on a schedule (e.g. Quang Tri's monthly border
situation report to Savannakhet, due on the 5th), the reports filed, and the reminders sent.

A period's state (not yet due, due, overdue, filed, filed late) is computed from the schedule, the
date and the reports; never stored, so it cannot go stale."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.models import Party, Unit
from liaison.core.models.party import pick_name

from ..choices import Frequency, PeriodState

if TYPE_CHECKING:
    from liaison.core.models import Officer

__all__ = ["Period", "Report", "ReportReminder", "ReportSchedule"]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Period:
    """One reporting period of a schedule, with the report filed for it (if any) and its state."""

    start: dt.date
    end: dt.date  # inclusive
    due_on: dt.date
    report: Report | None
    state: str

    @property
    def state_label(self) -> str:
        return str(PeriodState(self.state).label)


class ReportSchedule(models.Model):
    """A periodic report one unit (`reporting_unit`) owes another (`recipient_unit`)."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    titles = models.JSONField(_("title"), default=dict, help_text=_("Title by language code"))
    reporting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting unit")
    )
    recipient_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient unit")
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day"), default=5, help_text=_("Day of the month after the period ends")
    )
    remind_days_before = models.PositiveSmallIntegerField(_("reminder, days before"), default=3)
    starts_on = models.DateField(_("first period starts"))
    origin_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("set up by")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["reporting_unit__code", "recipient_unit__code"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_day__gte=1, due_day__lte=28), name="exchange_due_day_1_28"
            ),
            models.CheckConstraint(
                condition=~models.Q(reporting_unit=models.F("recipient_unit")),
                name="exchange_schedule_two_units",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_name(self.titles) if self.titles else str(_("Periodic report"))

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Need-to-know: the two units' business, seen from them and from the units above them."""
        scope = scope_unit_ids(officer)
        return models.Q(reporting_unit_id__in=scope) | models.Q(recipient_unit_id__in=scope)

    @property
    def months(self) -> int:
        return 3 if self.frequency == Frequency.QUARTERLY else 1

    def period_bounds(self, start: dt.date) -> tuple[dt.date, dt.date, dt.date]:
        """(start, last day, due date) of the period beginning on `start`."""
        following = add_months(start, self.months)
        return start, following - dt.timedelta(days=1), following.replace(day=self.due_day)

    def period_starts(self, until: dt.date) -> list[dt.date]:
        """The starts of every period that has ended by `until` (the ones a report can be owed for)."""
        starts: list[dt.date] = []
        start = self.starts_on
        while add_months(start, self.months) <= until:
            starts.append(start)
            start = add_months(start, self.months)
        return starts

    def next_period_start(self, today: dt.date) -> dt.date:
        """The start of the period in progress on `today` (its report comes after it ends)."""
        start = self.starts_on
        while add_months(start, self.months) <= today:
            start = add_months(start, self.months)
        return start

    def periods(self, today: dt.date | None = None, reports: list[Report] | None = None) -> list[Period]:
        """Every ended period, newest first, with its report and state."""
        today = today or timezone.localdate()
        if reports is None:
            reports = list(self.reports.all())
        by_start = {r.period_start: r for r in reports}
        found: list[Period] = []
        for start in self.period_starts(today):
            _start, end, due_on = self.period_bounds(start)
            report = by_start.get(start)
            if report is not None:
                late = timezone.localdate(report.filed_at) > due_on
                state = PeriodState.FILED_LATE if late else PeriodState.FILED
            elif today > due_on:
                state = PeriodState.OVERDUE
            else:
                state = PeriodState.DUE
            found.append(Period(start, end, due_on, report, str(state)))
        return list(reversed(found))

    def overdue_periods(
        self, today: dt.date | None = None, reports: list[Report] | None = None
    ) -> list[Period]:
        return [p for p in self.periods(today, reports) if p.state == PeriodState.OVERDUE]


class Report(models.Model):
    """One periodic report: structured counts (crossings, incidents, seizures by offence category)
    and a narrative in its writer's language."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    schedule = models.ForeignKey(
        ReportSchedule, on_delete=models.PROTECT, related_name="reports", verbose_name=_("schedule")
    )
    period_start = models.DateField(_("period"))
    crossings = models.PositiveIntegerField(_("border crossings"))
    incidents = models.PositiveIntegerField(_("incidents"))
    seizures = models.JSONField(
        _("seizures by offence category"),
        default=dict,
        help_text=_("Offence category code: number of seizures"),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    language = models.CharField(_("language of the narrative"), max_length=8)
    author_name = models.CharField(_("filed by"), max_length=150)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    filed_at = models.DateTimeField(_("filed"))
    is_demo = models.BooleanField(_("illustrative figures"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start"], name="exchange_one_report_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.period_start:%Y-%m}"

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        return models.Q(schedule__in=models.Subquery(ReportSchedule.objects.visible_to(officer).values("pk")))

    @property
    def seizures_total(self) -> int:
        return sum(int(v) for v in self.seizures.values())


class ReportReminder(models.Model):
    """A reminder sent to the reporting unit before a period's due date (once per period), by the
    task worker; kept so a restarted worker does not remind twice."""

    schedule = models.ForeignKey(
        ReportSchedule, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("schedule")
    )
    period_start = models.DateField(_("period"))
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start"], name="exchange_one_reminder_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.period_start}"
