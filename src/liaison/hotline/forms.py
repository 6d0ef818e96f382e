from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.codelists import choices
from liaison.core.models import Officer, Unit

from .choices import AlertKind


class RaiseAlertForm(forms.Form):
    to_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("To the duty desk of"))
    kind = forms.ChoiceField(choices=AlertKind.choices, label=_("Kind"))
    offence_category = forms.ChoiceField(required=False, label=_("Offence category"))
    subject = forms.CharField(max_length=200, label=_("Subject"))
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Details"))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_unit"]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]
        self.fields["offence_category"].choices = [("", _("— none —")), *choices("offence")]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note"))


class ResolveForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Resolution"))


class ShiftForm(forms.Form):
    officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label=_("Officer"))
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]
