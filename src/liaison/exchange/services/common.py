"""Helpers shared by the exchange services: who acts, for which party, how to reach the peers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from liaison.core.models import Officer, Unit
from liaison.core.node import local_party
from liaison.federation import public

log = logging.getLogger("liaison.exchange")

#: roles that write messages, file reports and ask to pass messages on (viewers only read)
WRITERS = ("officer", "duty_officer", "liaison")


def officer_unit(officer: Officer) -> Unit:
    if officer.unit_id is None or officer.unit is None:
        raise PermissionDenied(_("Your account belongs to no unit."))
    return officer.unit


def require_writer(officer: Officer) -> None:
    if not officer.has_role(*WRITERS):
        raise PermissionDenied(_("Your roles allow reading only."))


def require_local(officer: Officer) -> Unit:
    """The officer's unit, which must be of this node's party (one acts on one's own node)."""
    unit = officer_unit(officer)
    if unit.party.code != local_party():
        raise PermissionDenied(_("You act on your own party's node."))
    return unit


def share(
    envelope_type: public.EnvelopeType[Any], payload: dict[str, Any], parties: Iterable[str], refs: list[str]
) -> None:
    """Queue `payload` for every other party among `parties`, inside the caller's transaction."""
    own = local_party()
    to = sorted({p for p in parties if p != own})
    if to:
        public.share(envelope_type, payload, to_parties=to, refs=refs)


def unit_by_code(code: str) -> Unit:
    unit = Unit.objects.select_related("party").filter(code=code).first()
    if unit is None:
        raise ValueError(f"unit {code!r} is unknown on this node")
    return unit


def when(value: str) -> dt.datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not a date and time: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)


def day(value: str) -> dt.date:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


def display_name(officer: Officer) -> str:
    return officer.get_full_name() or officer.username
