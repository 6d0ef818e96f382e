"""Periodic reports: set up a schedule, file a report for an ended period, receive both from the
peer, and send the reminder before a due date (run by the task worker, see tasks.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit, codelists
from liaison.core.access import scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_party

from ..choices import Frequency
from ..envelopes import REPORT_FILED, SCHEDULE_SAVED
from ..models import Report, ReportReminder, ReportSchedule
from .common import day, display_name, log, officer_unit, require_writer, share, unit_by_code, when
from .messages import LANGUAGES

SCHEDULE_FIELDS = (
    "titles",
    "reporting_unit",
    "recipient_unit",
    "frequency",
    "due_day",
    "remind_days_before",
    "starts_on",
    "is_active",
)


def schedule_payload(schedule: ReportSchedule) -> dict[str, Any]:
    return {
        "uid": str(schedule.uid),
        "titles": schedule.titles,
        "reporting_unit": schedule.reporting_unit.code,
        "recipient_unit": schedule.recipient_unit.code,
        "frequency": schedule.frequency,
        "due_day": schedule.due_day,
        "remind_days_before": schedule.remind_days_before,
        "starts_on": schedule.starts_on.isoformat(),
        "origin_party": schedule.origin_party.code,
        "is_active": schedule.is_active,
    }


def report_payload(report: Report) -> dict[str, Any]:
    return {
        "uid": str(report.uid),
        "schedule": str(report.schedule.uid),
        "period_start": report.period_start.isoformat(),
        "crossings": report.crossings,
        "incidents": report.incidents,
        "seizures": report.seizures,
        "narrative": report.narrative,
        "language": report.language,
        "author_name": report.author_name,
        "party": report.party.code,
        "filed_at": report.filed_at.isoformat(),
    }


def _queue_reminder(schedule: ReportSchedule) -> None:
    """The database task backend writes a row: queued in the caller's transaction, it commits or
    rolls back with the schedule, like the federation outbox."""
    from .. import tasks

    tasks.schedule_next_reminder(schedule.pk)


def check_save_schedule(
    *,
    titles: dict[str, str],
    reporting_unit: Unit,
    recipient_unit: Unit,
    starts_on: dt.date,
    frequency: str = Frequency.MONTHLY,
    due_day: int = 5,
    remind_days_before: int = 3,
    acting_user: Officer | None,
    uid: uuid.UUID | None = None,
    is_demo: bool = False,
    federate: bool = True,
) -> ReportSchedule:
    """Set up a periodic report one unit owes another. Liaison and duty officers of either unit (or a
    unit above one) set it up; `acting_user=None` is the demo loader."""
    if acting_user is not None:
        if not acting_user.has_role("liaison", "duty_officer"):
            raise PermissionDenied(_("Liaison and duty officers set up report schedules."))
        scope = scope_unit_ids(acting_user)
        if reporting_unit.pk not in scope and recipient_unit.pk not in scope:
            raise PermissionDenied(_("Set up schedules for your own unit or the units below it."))
        if officer_unit(acting_user).party.code != local_party():
            raise PermissionDenied(_("You act on your own party's node."))
    if reporting_unit.pk == recipient_unit.pk:
        raise ValidationError(_("A unit does not report to itself."))
    if frequency not in Frequency.values:
        raise ValidationError(_("Unknown frequency."))
    if not 1 <= due_day <= 28:
        raise ValidationError(_("The due day is between 1 and 28."))
    if not any(t.strip() for t in titles.values()):
        raise ValidationError(_("Give the report a title."))
    with transaction.atomic():
        schedule = ReportSchedule.objects.create(
            uid=uid or uuid.uuid4(),
            titles={k: v.strip() for k, v in titles.items() if v.strip()},
            reporting_unit=reporting_unit,
            recipient_unit=recipient_unit,
            frequency=frequency,
            due_day=due_day,
            remind_days_before=remind_days_before,
            starts_on=starts_on.replace(day=1),
            origin_party=Party.objects.get(code=local_party()),
            is_demo=is_demo,
        )
        audit.record(
            AuditEventType.REPORT_SCHEDULE_SAVED,
            actor=acting_user,
            actor_name="demo" if acting_user is None else "",
            target=schedule,
            extra={
                "from": reporting_unit.code,
                "to": recipient_unit.code,
                "frequency": frequency,
                "due_day": due_day,
            },
        )
        if federate:
            share(
                SCHEDULE_SAVED,
                schedule_payload(schedule),
                [reporting_unit.party.code, recipient_unit.party.code],
                [str(schedule.uid)],
            )
        _queue_reminder(schedule)
    return schedule


def can_file(officer: Officer, schedule: ReportSchedule) -> bool:
    return (
        officer.has_role("officer", "duty_officer", "liaison")
        and schedule.reporting_unit_id in scope_unit_ids(officer)
        and schedule.reporting_unit.party.code == local_party()
    )


def clean_seizures(seizures: dict[str, int]) -> dict[str, int]:
    allowed = set(codelists.codes("offence"))
    cleaned: dict[str, int] = {}
    for code, count in seizures.items():
        if code not in allowed:
            raise ValidationError(_("%(value)s is not in the closed list.") % {"value": code})
        if int(count) < 0:
            raise ValidationError(_("Counts are zero or more."))
        if int(count):
            cleaned[code] = int(count)
    return cleaned


def check_file_report(
    schedule: ReportSchedule,
    *,
    period_start: dt.date,
    crossings: int,
    incidents: int,
    seizures: dict[str, int],
    narrative: str,
    language: str,
    acting_user: Officer | None,
    author_name: str = "",
    filed_at: dt.datetime | None = None,
    uid: uuid.UUID | None = None,
    is_demo: bool = False,
    federate: bool = True,
) -> Report:
    """File the report of one ended period. Officers of the reporting unit (or a unit above it) file
    it on their own node; `acting_user=None` is the demo loader, with `author_name`."""
    if acting_user is not None:
        require_writer(acting_user)
        if not can_file(acting_user, schedule):
            raise PermissionDenied(_("Only the reporting unit files this report."))
        author_name = display_name(acting_user)
    today = timezone.localdate(filed_at) if filed_at else timezone.localdate()
    if period_start not in schedule.period_starts(today):
        raise ValidationError(_("Reports are filed for a period that has ended."))
    if crossings < 0 or incidents < 0:
        raise ValidationError(_("Counts are zero or more."))
    if language not in LANGUAGES:
        raise ValidationError(_("Say which language the narrative is written in."))
    cleaned = clean_seizures(seizures)
    with transaction.atomic():
        if Report.objects.filter(schedule=schedule, period_start=period_start).exists():
            raise ValidationError(_("The report for this period has been filed already."))
        report = Report.objects.create(
            uid=uid or uuid.uuid4(),
            schedule=schedule,
            period_start=period_start,
            crossings=crossings,
            incidents=incidents,
            seizures=cleaned,
            narrative=narrative.strip(),
            language=language,
            author_name=author_name,
            party=schedule.reporting_unit.party,
            filed_at=filed_at or timezone.now(),
            is_demo=is_demo,
        )
        audit.record(
            AuditEventType.REPORT_FILED,
            actor=acting_user,
            actor_name=author_name if acting_user is None else "",
            target=report,
            extra={"schedule": str(schedule.uid), "period": period_start.isoformat()},
        )
        if federate:
            share(
                REPORT_FILED,
                report_payload(report),
                [schedule.reporting_unit.party.code, schedule.recipient_unit.party.code],
                [str(schedule.uid)],
            )
    return report


def receive_schedule(data: dict[str, Any], *, from_party: str) -> ReportSchedule:
    reporting, recipient = unit_by_code(data["reporting_unit"]), unit_by_code(data["recipient_unit"])
    if data["origin_party"] != from_party or from_party not in (reporting.party.code, recipient.party.code):
        raise ValueError(f"{from_party} is not a party to schedule {data['uid']}")
    if data["frequency"] not in Frequency.values or not 1 <= int(data["due_day"]) <= 28:
        raise ValueError("schedule with an unknown frequency or due day")
    schedule = ReportSchedule.objects.filter(uid=uuid.UUID(data["uid"])).first()
    created = schedule is None
    if schedule is None:
        schedule = ReportSchedule(uid=uuid.UUID(data["uid"]), origin_party=Party.objects.get(code=from_party))
    elif schedule.origin_party.code != from_party:
        raise ValueError(f"schedule {data['uid']} was set up by {schedule.origin_party.code}")
    schedule.titles = data["titles"]
    schedule.reporting_unit, schedule.recipient_unit = reporting, recipient
    schedule.frequency, schedule.due_day = data["frequency"], int(data["due_day"])
    schedule.remind_days_before = int(data["remind_days_before"])
    schedule.starts_on, schedule.is_active = day(data["starts_on"]), bool(data["is_active"])
    if created:
        schedule.save()
    else:
        schedule.save(update_fields=[*SCHEDULE_FIELDS])
    audit.record(
        AuditEventType.REPORT_SCHEDULE_SAVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=schedule,
        extra={"created": created, "from": reporting.code, "to": recipient.code},
    )
    _queue_reminder(schedule)
    return schedule


def receive_report(data: dict[str, Any], *, from_party: str) -> Report:
    schedule = (
        ReportSchedule.objects.select_related("reporting_unit__party")
        .filter(uid=uuid.UUID(data["schedule"]))
        .first()
    )
    if schedule is None:
        raise ValueError(f"report for unknown schedule {data['schedule']}")
    if schedule.reporting_unit.party.code != from_party or data["party"] != from_party:
        raise ValueError(f"{from_party} is not the reporting party of schedule {schedule.uid}")
    existing = Report.objects.filter(uid=uuid.UUID(data["uid"])).first()
    if existing is not None:
        return existing
    period_start = day(data["period_start"])
    if Report.objects.filter(schedule=schedule, period_start=period_start).exists():
        raise ValueError(f"schedule {schedule.uid} has a report for {period_start} already")
    try:
        seizures = clean_seizures(data.get("seizures", {}))
    except ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from None
    report = Report.objects.create(
        uid=uuid.UUID(data["uid"]),
        schedule=schedule,
        period_start=period_start,
        crossings=max(0, int(data["crossings"])),
        incidents=max(0, int(data["incidents"])),
        seizures=seizures,
        narrative=data.get("narrative", ""),
        language=data["language"],
        author_name=str(data["author_name"])[:150],
        party=schedule.reporting_unit.party,
        filed_at=when(data["filed_at"]),
    )
    audit.record(
        AuditEventType.REPORT_FILED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=report,
        extra={"schedule": str(schedule.uid), "period": data["period_start"]},
    )
    return report


def do_send_reminder(schedule: ReportSchedule, period_start: dt.date) -> ReportReminder | None:
    """Remind the reporting unit that a period's report falls due (once per period; nothing when it
    has been filed or the schedule stopped). Runs on the reporting party's node, by the task worker."""
    if not schedule.is_active or schedule.reporting_unit.party.code != local_party():
        return None
    with transaction.atomic():
        if Report.objects.filter(schedule=schedule, period_start=period_start).exists():
            return None
        _start, _end, due_on = schedule.period_bounds(period_start)
        reminder, created = ReportReminder.objects.get_or_create(
            schedule=schedule,
            period_start=period_start,
            defaults={"due_on": due_on, "sent_at": timezone.now()},
        )
        if not created:
            return reminder
        audit.record(
            AuditEventType.REPORT_REMINDED,
            actor=None,
            actor_name="worker",
            target=schedule,
            extra={
                "period": period_start.isoformat(),
                "due_on": due_on.isoformat(),
                "unit": schedule.reporting_unit.code,
            },
        )
    log.info("reminded %s of the report due on %s", schedule.reporting_unit.code, due_on)
    return reminder
