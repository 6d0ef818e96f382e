"""Closed choices of the cases app (offence categories come from core.codelists)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class EntityKind(models.TextChoices):
    PERSON = "person", _("Person")
    VEHICLE = "vehicle", _("Vehicle")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    PHONE = "phone", _("Phone")
    ORGANISATION = "organisation", _("Organisation")


class Script(models.TextChoices):
    """The writing of one name variant (ISO 15924, with the language where it matters)."""

    VIETNAMESE = "latn-vi", _("Vietnamese")
    LAO = "laoo", _("Lao script")
    ROMANISED = "latn", _("Romanised")


class Urgency(models.TextChoices):
    """Urgency of an assistance request; its deadline comes from the bilateral arrangement."""

    IMMEDIATE = "immediate", _("Immediate")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class RequestStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    ACCEPTED = "accepted", _("Accepted")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


OPEN_REQUEST_STATUSES = (RequestStatus.ASKED, RequestStatus.ACCEPTED)
# Which status may follow which; a status never goes back.
REQUEST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RequestStatus.ASKED: (RequestStatus.ACCEPTED, RequestStatus.ANSWERED, RequestStatus.DECLINED),
    RequestStatus.ACCEPTED: (RequestStatus.ANSWERED, RequestStatus.DECLINED),
    RequestStatus.ANSWERED: (),
    RequestStatus.DECLINED: (),
}


class HitResult(models.TextChoices):
    PENDING = "pending", _("Awaiting the answer")
    HIT = "hit", _("Hit")
    NO_HIT = "no_hit", _("No hit")
    # The asked node answered nothing: its peer had asked more than it answers in an hour.
    REFUSED = "refused", _("Refused by the asked node (too many queries from this node)")


class TimelineKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    NOTE = "note", _("Note")
    ENTITY = "entity", _("Entity added")
    REQUEST = "request", _("Assistance request")
    HIT_QUERY = "hit_query", _("Hit/no-hit query")
    STATUS = "status", _("Status changed")
