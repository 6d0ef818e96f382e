"""Meetings: recorded by a liaison officer (or received from the peer with a shared document)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.models import AuditEventType, Officer, Official, Party

from ..models import Meeting
from .common import clean_reports, invalid, require_liaison, this_party_code


def meeting_payload(meeting: Meeting) -> dict[str, Any]:
    return {
        "uid": str(meeting.uid),
        "kind": meeting.kind,
        "number": meeting.number,
        "titles": meeting.titles,
        "starts_on": meeting.starts_on.isoformat(),
        "ends_on": meeting.ends_on.isoformat() if meeting.ends_on else None,
        "places": meeting.places,
        "date_precision": meeting.date_precision,
        "host_party": meeting.host_party.code if meeting.host_party else None,
        "parties": sorted(p.code for p in meeting.parties.all()),
        "co_chairs": [official_payload(o) for o in meeting.co_chairs.all()],
        "delegations": meeting.delegations,
        "agenda": meeting.agenda,
        "outcome_notes": meeting.outcome_notes,
        "notes_language": meeting.notes_language,
        "source_ref": meeting.source_ref,
        "source_quote": meeting.source_quote,
        "also_reported": meeting.also_reported,
        "origin_party": meeting.origin_party.code,
    }


def official_payload(official: Official) -> dict[str, Any]:
    return {
        "key": official.key,
        "party": official.party.code,
        "name": official.name,
        "variants": official.variants,
    }


def ensure_official(data: dict[str, Any]) -> Official:
    """The local official with this key; an official the peer knows and we do not is added."""
    from liaison.core.services import do_save_official

    found = Official.objects.filter(key=data["key"]).first()
    if found is not None:
        return found
    party = Party.objects.get(code=data["party"])
    return do_save_official(
        data["key"],
        party=party,
        name=str(data["name"]),
        variants=list(data.get("variants", [])),
        titles={},
        ranks={},
        source="peer",
        acting_user=None,
    )


def do_save_meeting(
    *,
    kind: str,
    starts_on: dt.date,
    parties: list[Party],
    titles: dict[str, str],
    number: int | None = None,
    ends_on: dt.date | None = None,
    places: dict[str, str] | None = None,
    date_precision: str = "day",
    host_party: Party | None = None,
    co_chairs: list[Official] | None = None,
    delegations: dict[str, list[str]] | None = None,
    agenda: str = "",
    outcome_notes: str = "",
    notes_language: str = "",
    source_ref: str = "",
    source_quote: str = "",
    also_reported: list[dict[str, str]] | None = None,
    uid: uuid.UUID | None = None,
    origin_party: Party | None = None,
    is_demo: bool = False,
    acting_user: Officer | None,
    actor_name: str = "",
) -> Meeting:
    """Create or update (by `uid`) a meeting. Officers need the liaison role."""
    if acting_user is not None:
        require_liaison(acting_user)
    if ends_on is not None and ends_on < starts_on:
        raise invalid(_("The meeting cannot end before it starts."))
    with transaction.atomic():
        existing = Meeting.objects.select_for_update().filter(uid=uid).first() if uid else None
        before = meeting_payload(existing) if existing else None
        meeting = existing or Meeting(uid=uid or uuid.uuid4())
        meeting.kind = kind
        meeting.number = number
        meeting.titles = titles
        meeting.starts_on = starts_on
        meeting.ends_on = ends_on
        meeting.places = places or {}
        meeting.date_precision = date_precision
        meeting.host_party = host_party
        meeting.delegations = delegations or {}
        meeting.agenda = agenda
        meeting.outcome_notes = outcome_notes
        meeting.notes_language = notes_language
        meeting.source_ref = source_ref
        meeting.source_quote = source_quote
        meeting.also_reported = clean_reports(also_reported)
        meeting.is_demo = is_demo
        if existing is None:
            meeting.origin_party = origin_party or Party.objects.get(code=this_party_code())
            meeting.full_clean(exclude=["parties", "co_chairs"])
            meeting.save()
        else:
            meeting.full_clean(exclude=["parties", "co_chairs"])
            meeting.save(
                update_fields=[
                    "kind",
                    "number",
                    "titles",
                    "starts_on",
                    "ends_on",
                    "places",
                    "date_precision",
                    "host_party",
                    "delegations",
                    "agenda",
                    "outcome_notes",
                    "notes_language",
                    "source_ref",
                    "source_quote",
                    "also_reported",
                    "is_demo",
                    "updated_at",
                ]
            )
        meeting.parties.set(parties)
        meeting.co_chairs.set(co_chairs or [])
        audit.record(
            AuditEventType.MEETING_SAVED,
            actor=acting_user,
            actor_name=actor_name,
            target=meeting,
            extra={"created": existing is None, "before": before, "after": meeting_payload(meeting)},
        )
        return meeting


def apply_meeting_payload(data: dict[str, Any], *, actor_name: str) -> Meeting:
    """Create or update the local copy of a meeting described by the peer."""
    parties = list(Party.objects.filter(code__in=data.get("parties", [])))
    return do_save_meeting(
        uid=uuid.UUID(data["uid"]),
        kind=data["kind"],
        number=data.get("number"),
        titles=data.get("titles") or {},
        starts_on=dt.date.fromisoformat(data["starts_on"]),
        ends_on=dt.date.fromisoformat(data["ends_on"]) if data.get("ends_on") else None,
        places=data.get("places") or {},
        date_precision=data.get("date_precision", "day"),
        host_party=Party.objects.filter(code=data.get("host_party") or "").first(),
        parties=parties,
        co_chairs=[ensure_official(o) for o in data.get("co_chairs", [])],
        delegations=data.get("delegations") or {},
        agenda=data.get("agenda", ""),
        outcome_notes=data.get("outcome_notes", ""),
        notes_language=data.get("notes_language", ""),
        source_ref=data.get("source_ref", ""),
        source_quote=data.get("source_quote", ""),
        also_reported=data.get("also_reported") or [],
        origin_party=Party.objects.get(code=data["origin_party"]),
        acting_user=None,
        actor_name=actor_name,
    )
