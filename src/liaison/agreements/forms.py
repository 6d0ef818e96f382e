"""Forms of the agreements pages: they validate input; the services act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from liaison.core.files import accepted_summary, check_file_type
from liaison.core.models import Official, Party, Unit

from .choices import Area, CommitmentStatus, DocumentKind, MeetingKind
from .models import Meeting

LANGUAGE_CODES = [code for code, _label in settings.LANGUAGES]
UNDERTAKING_ROWS = 6


def check_upload(upload: Any) -> Any:
    """Refuse at the field a file over the size limit or of a type not accepted (told by content)."""
    if upload is None:
        return upload
    if upload.size > settings.MAX_EVIDENCE_BYTES:
        raise forms.ValidationError(
            _("The file is larger than the limit of %(mb)s MB.")
            % {"mb": settings.MAX_EVIDENCE_BYTES // (1024 * 1024)}
        )
    try:
        check_file_type(str(upload.name), upload.read())
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc
    finally:
        upload.seek(0)
    return upload


def mark_fields(form: forms.Form, *, compact: tuple[str, ...] = ()) -> None:
    """Required fields say so to assistive technology (`required` is rendered by Django) and the
    template marks them visibly; text limits are stated and checked on saving instead of the
    browser's `maxlength`, which silently cuts a pasted text mid-word.

    Fields whose names start with one of `compact` (table cells without room for help or errors)
    keep the browser's limit."""
    for name, field in form.fields.items():
        if field.required and not field.disabled and not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs["aria-required"] = "true"
        limit = getattr(field, "max_length", None)
        if limit and not isinstance(field.widget, forms.HiddenInput) and not name.startswith(compact):
            field.widget.attrs.pop("maxlength", None)
            if not field.help_text:
                field.help_text = _("At most %(n)s characters.") % {"n": limit}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    number = forms.IntegerField(label=_("Number in its series"), required=False, min_value=1)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    host_party = forms.ModelChoiceField(
        label=_("Host party"), queryset=Party.objects.all(), to_field_name="code", required=False
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Party.objects.all(), to_field_name="code"
    )
    co_chairs = forms.ModelMultipleChoiceField(
        label=_("Co-chairs"), queryset=Official.objects.all(), required=False
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    outcome_notes = forms.CharField(
        label=_("Outcome notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The meeting cannot end before it starts."))
        return data


class SignatoryChoiceField(forms.ModelChoiceField):
    """An official, labelled with whether they can sign (as far as this node knows)."""

    reach: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        from .services import reach_label

        code = self.reach.get(obj.pk)
        return f"{obj.name} — {reach_label(obj, code)}" if code else str(obj.name)


class DocumentForm(forms.Form):
    """A new document, or a new version of one (then the header fields are not shown)."""

    reference = forms.CharField(label=_("Reference"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, to_field_name="uid"
    )
    plan_year = forms.IntegerField(label=_("Plan year"), required=False, min_value=2000, max_value=2100)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Party.objects.all(), to_field_name="code"
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    working_language = forms.ChoiceField(label=_("Working language"), choices=settings.LANGUAGES)
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_attachment(self) -> Any:
        return check_upload(self.cleaned_data.get("attachment"))

    def __init__(self, *args: Any, meetings: Any = None, new_version: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new_version = new_version
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        for code, label in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, "lang": code}),
            )
        from .services import signatory_reach

        reach = signatory_reach(list(Official.objects.select_related("party")))
        for party in Party.objects.all():
            field = SignatoryChoiceField(
                label=_("Signatory for %(party)s") % {"party": party.code},
                required=False,
                queryset=Official.objects.filter(party=party).select_related("party"),
                help_text=_("Only an official with a signatory account on their own party's node can sign."),
            )
            field.reach = reach
            self.fields[f"signatory_{party.code}"] = field
        for i in range(UNDERTAKING_ROWS):
            self.fields[f"u{i}_key"] = forms.CharField(
                required=False, max_length=40, widget=forms.HiddenInput
            )
            self.fields[f"u{i}_clause"] = forms.CharField(label=_("Clause"), max_length=60, required=False)
            self.fields[f"u{i}_text"] = forms.CharField(
                label=_("Undertaking"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"u{i}_area"] = forms.ChoiceField(
                label=_("Area"), choices=Area.choices, initial=Area.OTHER, required=False
            )
            self.fields[f"u{i}_due"] = forms.DateField(
                label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            for party in Party.objects.all():
                self.fields[f"u{i}_owner_{party.code}"] = forms.ModelChoiceField(
                    label=_("Owner unit (%(party)s)") % {"party": party.code},
                    required=False,
                    queryset=Unit.objects.filter(party=party),
                    to_field_name="code",
                )
        if new_version:
            for name in ("reference", "kind", "meeting", "plan_year", "parties"):
                self.fields[name].required = False
                self.fields[name].disabled = True
        mark_fields(self, compact=tuple(f"u{i}_" for i in range(UNDERTAKING_ROWS)))

    def header_fields(self) -> list[Any]:
        return [
            self[name]
            for name in ("reference", "kind", "meeting", "plan_year", "parties", "title", "working_language")
        ]

    def undertaking_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "index": i,
                "key": self[f"u{i}_key"],
                "clause": self[f"u{i}_clause"],
                "text": self[f"u{i}_text"],
                "area": self[f"u{i}_area"],
                "due": self[f"u{i}_due"],
                "owners": [self[f"u{i}_owner_{p.code}"] for p in Party.objects.all()],
            }
            for i in range(UNDERTAKING_ROWS)
        ]

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"text_{code}", "").strip()
            for code in LANGUAGE_CODES
            if self.cleaned_data.get(f"text_{code}", "").strip()
        }

    def undertakings(self, language: str) -> list[dict[str, Any]]:
        rows = []
        for i in range(UNDERTAKING_ROWS):
            text = (self.cleaned_data.get(f"u{i}_text") or "").strip()
            if not text:
                continue
            owners = {
                code[len(f"u{i}_owner_") :]: unit.code
                for code, unit in self.cleaned_data.items()
                if code.startswith(f"u{i}_owner_") and unit is not None
            }
            due = self.cleaned_data.get(f"u{i}_due")
            rows.append(
                {
                    "key": self.cleaned_data.get(f"u{i}_key") or f"c{i + 1}",
                    "clause": self.cleaned_data.get(f"u{i}_clause", ""),
                    "texts": {language: text},
                    "area": self.cleaned_data.get(f"u{i}_area") or Area.OTHER,
                    "owners": owners,
                    "due_on": due.isoformat() if due else None,
                }
            )
        return rows

    def signatories(self, parties: list[Party]) -> dict[str, Official]:
        chosen = {}
        for party in parties:
            official = self.cleaned_data.get(f"signatory_{party.code}")
            if official is not None:
                chosen[party.code] = official
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(f"text_{code}") or "").strip() for code in LANGUAGE_CODES):
            raise forms.ValidationError(_("Write the text in at least one language."))
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    percent = forms.IntegerField(label=_("Percent done"), required=False, min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _("Accepted types: %(types)s.") % {"types": accepted_summary()}
        mark_fields(self)

    def clean_evidence(self) -> Any:
        return check_upload(self.cleaned_data.get("evidence"))
