"""Notification channels: the browser (live push with sound, done at once), e-mail through Django's
mail settings and an outgoing webhook (e.g. a ministry's SMS gateway). E-mails and webhook calls
are rows sent by the task worker after the commit; a failure is retried with back-off and shown on
the alert page, and after MAX_ATTEMPTS it stays there as "failed, gave up". A channel without an
address is recorded as failed with the reason, never skipped in silence.
"""

from __future__ import annotations

import datetime as dt
import random

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.models import AuditEventType, Officer

from .. import live
from ..choices import Channel, NotificationState, StepAction
from ..models import Alert, AlertStep, DutyShift, Notification, UnitHotline
from .common import alert_event, log

MAX_ATTEMPTS = 6
BASE_BACKOFF_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 600.0
WEBHOOK_TIMEOUT = 10.0


def node_webhook_url() -> str:
    """A node-wide SMS gateway webhook, used for units that set none of their own."""
    return str(settings.HOTLINE_WEBHOOK_URL)


def on_duty(unit_id: int, at: dt.datetime | None = None) -> list[Officer]:
    """Who is on duty at the unit's desk now: the roster's current shifts, or, when the roster has
    no one, every active duty officer of the unit."""
    rostered = list(
        Officer.objects.filter(
            pk__in=DutyShift.objects.current(at).filter(unit_id=unit_id).values("officer_id"), is_active=True
        ).order_by("username")
    )
    if rostered:
        return rostered
    return list(
        Officer.objects.filter(unit_id=unit_id, is_active=True, roles__code="duty_officer")
        .distinct()
        .order_by("username")
    )


def _queue(
    alert: Alert, step: AlertStep | None, channel: str, recipient: str, error: str = ""
) -> Notification:
    from ..tasks import send_notification_task

    row = Notification.objects.create(
        alert=alert,
        step=step,
        channel=channel,
        recipient=recipient[:300],
        state=NotificationState.FAILED if error else NotificationState.PENDING,
        last_error=error,
    )
    if not error:
        send_notification_task.enqueue(row.pk)
    return row


def _webhook(alert: Alert, step: AlertStep | None, unit_settings: UnitHotline | None) -> None:
    url = (unit_settings.webhook_url if unit_settings else "") or node_webhook_url()
    if url:
        _queue(alert, step, Channel.WEBHOOK, url)


def notify_duty_desk(alert: Alert, *, step: AlertStep | None) -> None:
    """On arrival and on each "notify the duty officers" step: every open page of the unit (push,
    sound), an e-mail to each officer on duty, and the SMS gateway."""
    Notification.objects.create(
        alert=alert,
        step=step,
        channel=Channel.BROWSER,
        recipient=alert.to_unit.code,
        state=NotificationState.SENT,
        sent_at=timezone.now(),
        attempts=1,
    )
    officers = on_duty(alert.to_unit_id)
    for officer in officers:
        if officer.email:
            _queue(alert, step, Channel.EMAIL, officer.email)
        else:
            _queue(
                alert, step, Channel.EMAIL, officer.username, error=_("This officer has no e-mail address.")
            )
    if not officers:
        _queue(alert, step, Channel.EMAIL, alert.to_unit.code, error=_("Nobody is on duty at this unit."))
    _webhook(alert, step, UnitHotline.objects.filter(unit_id=alert.to_unit_id).first())


def notify_head(alert: Alert, *, step: AlertStep) -> None:
    unit_settings = UnitHotline.objects.filter(unit_id=alert.to_unit_id).select_related("head").first()
    address = ""
    if unit_settings is not None:
        address = (unit_settings.head.email if unit_settings.head else "") or unit_settings.head_email
    if address:
        _queue(alert, step, Channel.EMAIL, address)
    else:
        _queue(
            alert, step, Channel.EMAIL, alert.to_unit.code, error=_("No unit head's e-mail is configured.")
        )
    _webhook(alert, step, unit_settings)


def notify_ministry_desk(alert: Alert, *, step: AlertStep) -> None:
    """The 24/7 desk of the ministry: the desk configured on the unit, else on the nearest unit above."""
    unit_ids = [alert.to_unit_id, *(u.pk for u in alert.to_unit.ancestors())]
    found = {row.unit_id: row for row in UnitHotline.objects.filter(unit_id__in=unit_ids)}
    address = next((found[u].desk_email for u in unit_ids if u in found and found[u].desk_email), "")
    if address:
        _queue(alert, step, Channel.EMAIL, address)
    else:
        _queue(
            alert,
            step,
            Channel.EMAIL,
            alert.to_unit.code,
            error=_("No ministry 24/7 desk e-mail is configured."),
        )
    _webhook(alert, step, found.get(alert.to_unit_id))


def _message(alert: Alert, step: AlertStep | None) -> tuple[str, str]:
    with translation.override(alert.to_unit.party.language or "en"):
        subject = _("Hotline alert from %(unit)s: %(subject)s") % {
            "unit": alert.from_unit.name,
            "subject": alert.subject,
        }
        lines = [
            subject,
            _("Kind: %(kind)s") % {"kind": alert.get_kind_display()},
            _("Acknowledge by: %(deadline)s") % {"deadline": alert.deadline_at},
        ]
        if step is not None:
            lines.append(_("Not acknowledged in time: escalation step %(n)d.") % {"n": step.position})
        if step is not None and step.action == StepAction.NOTIFY_DESK:
            lines.append(_("The duty desk and the unit head have not acknowledged it."))
        lines += ["", alert.details, "", f"/hotline/alerts/{alert.uid}/"]
    return subject, "\n".join(lines)


def backoff(attempts: int) -> float:
    delay = min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * (2 ** max(0, attempts - 1)))
    return delay / 2 + random.uniform(0, delay / 2)


def do_send_notification(notification_id: int) -> str:
    """Send one e-mail or webhook call (outside any transaction: the network is slow), then record
    the outcome; on failure schedule the next attempt. Returns the new state."""
    from ..tasks import send_notification_task

    row = Notification.objects.select_related("alert__from_unit", "alert__to_unit__party", "step").get(
        pk=notification_id
    )
    if row.state not in (NotificationState.PENDING, NotificationState.RETRYING):
        return str(row.state)
    subject, body = _message(row.alert, row.step)
    error = ""
    try:
        if row.channel == Channel.EMAIL:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [row.recipient], fail_silently=False)
        elif row.channel == Channel.WEBHOOK:
            response = httpx.post(
                row.recipient,
                json={
                    "alert": str(row.alert.uid),
                    "from_unit": row.alert.from_unit.code,
                    "to_unit": row.alert.to_unit.code,
                    "kind": row.alert.kind,
                    "step": row.step.position if row.step else None,
                    "text": subject,
                },
                timeout=WEBHOOK_TIMEOUT,
            )
            response.raise_for_status()
    except Exception as exc:  # any failure of the channel is recorded and retried, whatever it is
        error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification_id)
        row.attempts += 1
        now = timezone.now()
        if not error:
            row.state, row.sent_at, row.last_error, row.next_attempt_at = (
                NotificationState.SENT,
                now,
                "",
                None,
            )
        elif row.attempts >= MAX_ATTEMPTS:
            row.state, row.last_error, row.next_attempt_at = NotificationState.FAILED, error, None
        else:
            row.state, row.last_error = NotificationState.RETRYING, error
            row.next_attempt_at = now + dt.timedelta(seconds=backoff(row.attempts))
            send_notification_task.using(run_after=row.next_attempt_at).enqueue(row.pk)
        row.save(update_fields=["attempts", "state", "sent_at", "last_error", "next_attempt_at"])
        audit.record(
            AuditEventType.HOTLINE_NOTIFICATION,
            actor=None,
            actor_name="hotline",
            target=row,
            extra={
                "alert": str(row.alert.uid),
                "channel": row.channel,
                "state": row.state,
                "error": error[:200],
            },
        )
        if error:
            log.warning("notification %s (%s → %s): %s", row.pk, row.channel, row.recipient, error)
        live.push_on_commit(
            row.alert.to_unit_id,
            alert_event(row.alert, "notification", channel=row.channel, notification_state=row.state),
        )
    return str(row.state)
