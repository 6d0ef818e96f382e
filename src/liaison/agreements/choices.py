"""Closed choice lists of the agreements app (stored as codes, shown in the reader's language)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["OPEN_STATUSES", "Area", "CommitmentStatus", "DocumentKind", "MeetingKind"]


class MeetingKind(models.TextChoices):
    SECURITY_CONFERENCE = "security_conference", _("Security cooperation conference")
    PLAN_REVIEW = "plan_review", _("Cooperation plan review")
    DEFENCE_DIALOGUE = "defence_dialogue", _("Defence policy dialogue")
    TRILATERAL = "trilateral", _("Trilateral meeting")
    OTHER = "other", _("Other meeting")


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    COOPERATION_PLAN = "cooperation_plan", _("Cooperation plan")
    PROTOCOL = "protocol", _("Protocol")
    OTHER = "other", _("Other document")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)


class Area(models.TextChoices):
    """Areas of cooperation, for filters and the review's progress chart."""

    INFORMATION_EXCHANGE = "information_exchange", _("Information exchange and hotline")
    BORDER_COOPERATION = "border_cooperation", _("Cooperation of border localities")
    EVENT_SECURITY = "event_security", _("Security of major events")
    COUNTER_TERRORISM = "counter_terrorism", _("Counter-terrorism")
    TRANSNATIONAL_CRIME = "transnational_crime", _("Transnational crime")
    REGIONAL_FORUMS = "regional_forums", _("International and regional forums")
    TRILATERAL = "trilateral", _("Trilateral cooperation")
    TRAINING = "training", _("Training and exchanges")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    BORDER_DEFENCE = "border_defence", _("Border defence")
    OTHER = "other", _("Other")
