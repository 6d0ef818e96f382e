"""Helpers shared by the cases services: who acts, for which party, input checks, the federation."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from liaison.core.models import Officer, Party, Unit
from liaison.core.node import local_party
from liaison.federation import public

# Roles that work cases: they open cases, add entities, ask hit/no-hit queries, send and answer requests.
CASE_ROLES = ("officer", "duty_officer", "liaison")
MAX_NAME_CHARS = 200
MAX_NAMES = 6
MAX_DOCUMENT_CHARS = 40
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def this_party() -> Party:
    return Party.objects.get(code=local_party())


def officer_unit(officer: Officer) -> Unit:
    if officer.unit_id is None or officer.unit is None:
        raise PermissionDenied(_("Your account belongs to no unit."))
    return officer.unit


def require_case_role(officer: Officer) -> None:
    if not officer.has_role(*CASE_ROLES):
        raise PermissionDenied(_("Only officers working cases can do this."))


def share(envelope_type: public.EnvelopeType[Any], payload: dict[str, Any], parties: list[str]) -> None:
    """Queue `payload` for every other party (inside the caller's transaction: transactional outbox)."""
    own = local_party()
    to = sorted({p for p in parties if p != own})
    if to:
        public.share(envelope_type, payload, to_parties=to)


def has_control_characters(text: str) -> bool:
    """Control or format characters (NUL, escape, bidi overrides...) have no place in a name or a number.

    Zero-width joiners are allowed: some scripts use them in ordinary writing."""
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\u200c\u200d" for ch in text
    )


def clean_text(value: str, *, label: str, max_chars: int, required: bool = True) -> str:
    """One short field of a query or an entity, checked: a reason in the error, never a silent cut.

    `label` is the field's name (a noun on its own, quoted in the message), not a sentence part."""
    if not isinstance(value, str):
        raise ValidationError(_("“%(field)s” must be text.") % {"field": label})
    if has_control_characters(value):
        raise ValidationError(_("“%(field)s” contains control characters.") % {"field": label})
    text = unicodedata.normalize("NFC", " ".join(value.split()))
    if required and not text:
        raise ValidationError(_("“%(field)s” is empty.") % {"field": label})
    if len(text) > max_chars:
        raise ValidationError(
            _("“%(field)s” is too long: %(count)d characters, at most %(max)d.")
            % {"field": label, "count": len(text), "max": max_chars}
        )
    return text


def clean_names(names: list[str]) -> list[str]:
    label = _("Name")
    if not names:
        raise ValidationError(_("Give at least one name."))
    if len(names) > MAX_NAMES:
        raise ValidationError(_("Give at most %(max)d names.") % {"max": MAX_NAMES})
    cleaned = [clean_text(name, label=label, max_chars=MAX_NAME_CHARS) for name in names]
    return list(dict.fromkeys(cleaned))


def clean_birth_date(value: str) -> str:
    text = clean_text(value or "", label=_("Date of birth"), max_chars=10, required=False)
    if text and not _DATE.match(text):
        raise ValidationError(_("The date of birth must be YYYY, YYYY-MM or YYYY-MM-DD."))
    return text


def clean_documents(values: list[str]) -> list[str]:
    label = _("Document number")
    cleaned = [clean_text(v, label=label, max_chars=MAX_DOCUMENT_CHARS, required=False) for v in values]
    return [v for v in cleaned if v][:MAX_NAMES]
