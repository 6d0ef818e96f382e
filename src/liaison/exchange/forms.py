"""Forms of the exchange pages: they validate input; the services act."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core import codelists
from liaison.core.models import Unit

from .choices import Frequency

LANGUAGE_CHOICES = list(settings.LANGUAGES)
LANGUAGE_CHOICES_OPTIONAL = [("", _("(no translation)")), *settings.LANGUAGES]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.party.code} · {obj.name}"


def unit_field(label: Any, **kwargs: Any) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=Unit.objects.select_related("party").order_by("party__code", "code"),
        to_field_name="code",
        **kwargs,
    )


def parse_named(text: str) -> list[tuple[str, str]]:
    """'VN:vn.duty, LA:la.duty' -> [("VN", "vn.duty"), ("LA", "la.duty")]."""
    named: list[tuple[str, str]] = []
    for item in text.replace(";", ",").replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        party, sep, username = item.partition(":")
        if not sep or len(party.strip()) != 2 or not username.strip():
            raise forms.ValidationError(
                _("Name each officer as PARTY:user name, e.g. LA:la.duty (%(item)s).") % {"item": item}
            )
        named.append((party.strip().upper(), username.strip()))
    return named


class MessageForm(forms.Form):
    """A message: a new thread (with recipient and subject) or a reply (without them)."""

    recipient_unit = unit_field(_("To unit"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    offence = forms.ChoiceField(label=_("Offence category"), choices=codelists.choices("offence"))
    tlp = forms.ChoiceField(
        label=_("TLP label"),
        choices=codelists.choices("tlp"),
        initial="amber",
        help_text=_(
            "RED: the named officers only. AMBER+STRICT: the recipient unit only. AMBER: the recipient "
            "and sending units and the units below them. GREEN: every unit of both parties. CLEAR: anyone."
        ),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=codelists.choices("priority"), initial="routine"
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=300, help_text=_("The agreement or law this exchange rests on")
    )
    case_reference = forms.CharField(label=_("Case reference"), max_length=100, required=False)
    named_recipients = forms.CharField(
        label=_("Named officers (TLP:RED)"),
        required=False,
        help_text=_("PARTY:user name, separated by commas, e.g. LA:la.duty"),
    )
    language = forms.ChoiceField(label=_("Language of the message"), choices=LANGUAGE_CHOICES)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    translation_language = forms.ChoiceField(
        label=_("Language of your translation"), choices=LANGUAGE_CHOICES_OPTIONAL, required=False
    )
    translation = forms.CharField(
        label=_("Your own translation (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the reader as the sender's translation"),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, reply: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reply:
            del self.fields["recipient_unit"]
            del self.fields["subject"]

    def clean_named_recipients(self) -> list[tuple[str, str]]:
        return parse_named(self.cleaned_data.get("named_recipients") or "")


class WidenForm(forms.Form):
    unit = unit_field(_("Pass on to unit"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("grant", _("Grant")), ("deny", _("Deny"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reporting_unit = unit_field(_("Reporting unit"))
    recipient_unit = unit_field(_("Recipient unit"))
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    due_day = forms.IntegerField(label=_("Due on day"), min_value=1, max_value=28, initial=5)
    remind_days_before = forms.IntegerField(
        label=_("Reminder, days before"), min_value=0, max_value=27, initial=3
    )
    starts_on = forms.DateField(
        label=_("First period starts"), widget=forms.DateInput(attrs={"type": "date"})
    )


def seizure_field_name(code: str) -> str:
    return f"seizures_{code}"


class ReportForm(forms.Form):
    """The report of one period: structured counts, then the narrative."""

    period = forms.ChoiceField(label=_("Period"))
    crossings = forms.IntegerField(label=_("Border crossings"), min_value=0)
    incidents = forms.IntegerField(label=_("Incidents"), min_value=0)
    language = forms.ChoiceField(label=_("Language of the narrative"), choices=LANGUAGE_CHOICES)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, periods: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [(p.isoformat(), p.strftime("%Y-%m")) for p in periods]
        for code, label in codelists.choices("offence"):
            self.fields[seizure_field_name(code)] = forms.IntegerField(
                label=label,
                min_value=0,
                initial=0,
                required=False,
            )

    def seizure_fields(self) -> list[Any]:
        return [self[seizure_field_name(code)] for code in codelists.codes("offence")]

    def seizures(self) -> dict[str, int]:
        return {
            code: self.cleaned_data.get(seizure_field_name(code)) or 0 for code in codelists.codes("offence")
        }

    def period_start(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["period"])


def today() -> dt.date:
    return timezone.localdate()
