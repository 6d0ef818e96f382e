"""What the hotline's service modules share: this node's party, the live events, time strings."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.dateparse import parse_datetime

from liaison.core.models import Twinning, Unit
from liaison.core.node import local_party

from ..models import DEFAULT_ACK_SECONDS, Alert, TwinningHotline

log = logging.getLogger("liaison.hotline")

PRIORITY = "immediate"  # every hotline envelope overtakes bulk traffic to the same peer

__all__ = [
    "ack_seconds_for",
    "alert_event",
    "is_incoming",
    "local_party",
    "log",
    "parse_time",
    "twinning_of",
]


def parse_time(value: str) -> dt.datetime:
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"not an RFC 3339 time with an offset: {value!r}")
    return parsed


def is_incoming(alert: Alert) -> bool:
    """True on the receiving unit's node (which owns the deadline and the escalation chain)."""
    return bool(alert.to_unit.party.code == local_party())


def twinning_of(unit: Unit, other: Unit) -> Twinning | None:
    return (
        Twinning.objects.filter(Q(unit_a=unit, unit_b=other) | Q(unit_a=other, unit_b=unit))
        .select_related("hotline")
        .first()
    )


def ack_seconds_for(from_unit: Unit, to_unit: Unit) -> int:
    twinning = twinning_of(from_unit, to_unit)
    if twinning is None:
        return DEFAULT_ACK_SECONDS
    try:
        return int(twinning.hotline.ack_seconds)
    except TwinningHotline.DoesNotExist:
        return DEFAULT_ACK_SECONDS


def invalid(message: Any) -> ValidationError:
    return ValidationError(message)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alert_event(alert: Alert, name: str, **extra: Any) -> dict[str, Any]:
    """What a live push says about an alert: codes and names, rendered by the page in its language."""
    return {
        "type": "alert",
        "event": name,
        "uid": str(alert.uid),
        "state": alert.state,
        "kind": alert.kind,
        "subject": alert.subject,
        "from_unit": {"code": alert.from_unit.code, "names": alert.from_unit.names},
        "to_unit": {"code": alert.to_unit.code, "names": alert.to_unit.names},
        "incoming": is_incoming(alert),
        "raised_at": _iso(alert.raised_at),
        "deadline_at": _iso(alert.deadline_at),
        "acknowledged_at": _iso(alert.acknowledged_at),
        "acknowledged_by": alert.acknowledged_by_name,
        "url": f"/hotline/alerts/{alert.uid}/",
        **extra,
    }
