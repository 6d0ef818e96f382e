"""Forms of the cases pages: they shape the input; the services validate what matters and act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.codelists import choices
from liaison.core.models import Party, Unit
from liaison.core.node import local_party
from liaison.federation.public import peered_parties

from .choices import EntityKind, RequestStatus, Urgency
from .models import Case


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


class CaseForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    offence = forms.ChoiceField(label=_("Offence category"), choices=choices("offence"))
    units = forms.ModelMultipleChoiceField(
        label=_("Units working the case"),
        queryset=Unit.objects.select_related("party").order_by("party__code", "code"),
        to_field_name="code",
        help_text=_("Your own unit is always added."),
    )
    opened_on = forms.DateField(
        label=_("Opened on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntityKind.choices, initial=EntityKind.PERSON)
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("Plate, number or name; for a person, the first name below"),
    )
    names = forms.CharField(
        label=_("Names (persons: one variant per line, any script)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"), max_length=10, required=False, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", "—"), ("M", _("Male")), ("F", _("Female"))]
    )
    nationality = forms.CharField(label=_("Nationality (ISO code)"), max_length=2, required=False)
    documents = forms.CharField(
        label=_("Document numbers (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def name_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("names", ""))

    def document_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("documents", ""))


class HitQueryForm(forms.Form):
    """Only the shape here: emptiness, length and control characters are the service's checks, so
    the page and the API refuse the same queries with the same reasons."""

    to_party = forms.ModelChoiceField(
        label=_("Ask the node of"), queryset=Party.objects.none(), to_field_name="code"
    )
    names = forms.CharField(
        label=_("Names of the person (one variant per line, any script)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        required=False,
    )
    birth_date = forms.CharField(
        label=_("Date of birth"), required=False, strip=False, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    document = forms.CharField(label=_("Document number"), required=False, strip=False)
    offence = forms.ChoiceField(label=_("Purpose: offence category"), choices=choices("offence"))
    case = forms.ModelChoiceField(
        label=_("Purpose: case"), queryset=Case.objects.none(), to_field_name="uid", required=False
    )

    def __init__(self, *args: Any, officer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own check of null characters would answer first; the service's check gives the
        # same reason for every control character, on the page and through the API.
        for name in ("names", "birth_date", "document"):
            self.fields[name].validators = []
        # Only the parties this node is linked with: a query to any other would never be answered.
        self.fields["to_party"].queryset = Party.objects.filter(code__in=peered_parties())  # type: ignore[attr-defined]
        self.fields["case"].queryset = Case.objects.visible_to(officer)  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), to_field_name="uid", required=False
    )
    to_unit = forms.ModelChoiceField(
        label=_("Requested unit"), queryset=Unit.objects.none(), to_field_name="code"
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    hit_reference = forms.CharField(label=_("Hit reference quoted"), max_length=40, required=False)

    def __init__(self, *args: Any, officer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.visible_to(officer)  # type: ignore[attr-defined]
        self.fields["to_unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.exclude(party__code=local_party())
            .select_related("party")
            .order_by("party__code", "code")
        )


class RequestActionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (RequestStatus.ACCEPTED, _("Accept")),
            (RequestStatus.ANSWERED, _("Answer")),
            (RequestStatus.DECLINED, _("Decline")),
        ],
    )
    answer = forms.CharField(
        label=_("Answer or reason"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    include_record = forms.BooleanField(
        label=_("Add the details of the record behind the hit reference"), required=False
    )
