"""Filters of the commitment list (pages and API share them): status, owner unit, area, due window,
party, overdue, plan year, meeting, free text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.models import Party, Unit

from .choices import OPEN_STATUSES, Area, CommitmentStatus
from .models import Commitment

DUE_WINDOWS = [
    ("", _("Any time")),
    ("overdue", _("Overdue")),
    ("30", _("Due within 30 days")),
    ("90", _("Due within 90 days")),
    ("year", _("Due this year")),
]


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CommitmentStatus.choices]
    )
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("All areas")), *Area.choices])
    party = forms.ModelChoiceField(
        label=_("Party"),
        required=False,
        queryset=Party.objects.all(),
        to_field_name="code",
        empty_label=_("All parties"),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner unit"),
        required=False,
        queryset=Unit.objects.all(),
        to_field_name="code",
        empty_label=_("All units"),
    )
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_WINDOWS)
    due_from = forms.DateField(
        label=_("Due from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_to = forms.DateField(
        label=_("Due until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    year = forms.IntegerField(label=_("Plan year"), required=False, min_value=2000, max_value=2100)


def filter_commitments(queryset: QuerySet[Commitment], data: dict[str, Any]) -> QuerySet[Commitment]:
    """Apply cleaned filter values (from CommitmentFilterForm or the API) to a scoped queryset."""
    today = timezone.localdate()
    if data.get("q"):
        text = str(data["q"])
        queryset = queryset.filter(
            Q(texts__icontains=text)
            | Q(clause__icontains=text)
            | Q(document__reference__icontains=text)
            | Q(source_quote__icontains=text)
        )
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("area"):
        queryset = queryset.filter(area=data["area"])
    party = data.get("party")
    if party:
        code = party.code if isinstance(party, Party) else str(party).upper()
        queryset = queryset.filter(owner_units__party__code=code)
    owner = data.get("owner")
    if owner:
        unit_code = owner.code if isinstance(owner, Unit) else str(owner)
        queryset = queryset.filter(owner_units__code=unit_code)
    due = data.get("due")
    if due == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif due in ("30", "90"):
        queryset = queryset.filter(
            status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=today + dt.timedelta(days=int(due))
        )
    elif due == "year":
        queryset = queryset.filter(due_on__year=today.year)
    if data.get("due_from"):
        queryset = queryset.filter(due_on__gte=data["due_from"])
    if data.get("due_to"):
        queryset = queryset.filter(due_on__lte=data["due_to"])
    if data.get("year"):
        queryset = queryset.filter(document__plan_year=data["year"])
    if data.get("meeting"):
        queryset = queryset.filter(document__meeting__uid=data["meeting"])
    return queryset.distinct()
