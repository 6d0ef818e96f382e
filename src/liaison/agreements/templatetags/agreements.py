from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.conf import settings

from liaison.core.models.party import Unit, pick_name

register = template.Library()


@register.simple_tag
def document_state(document: Any) -> dict[str, Any]:
    """draft, shared, partly (signed by some parties), signed (by all) or paper (signed in ink).

    A signed document being revised stays "signed" (the version in force) with `pending` set to the
    number of the revision awaiting signatures, and `signed_version` to the version in force."""
    if document.signed_on_paper:
        return {"code": "paper", "parties": []}
    versions = sorted(document.versions.all(), key=lambda v: v.number, reverse=True)
    latest = versions[0] if versions else None
    parties = set(p.code for p in document.parties.all())
    signed = sorted(s.party.code for s in latest.signatures.all()) if latest else []
    if signed and parties <= set(signed):
        return {"code": "signed", "parties": signed}
    in_force = next(
        (v for v in versions[1:] if parties <= {s.party.code for s in v.signatures.all()}),
        None,
    )
    if in_force is not None and latest is not None:
        return {
            "code": "signed",
            "parties": sorted(s.party.code for s in in_force.signatures.all()),
            "signed_version": in_force.number,
            "pending": latest.number,
            "pending_parties": signed,
        }
    if signed:
        return {"code": "partly", "parties": signed}
    return {"code": "shared" if document.shared_at else "draft", "parties": []}


@register.filter
def in_language(texts: dict[str, str] | None, language: str = "") -> str:
    return pick_name(texts or {}, language or None) if texts else ""


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def get_field(form: Any, name: str) -> Any:
    return form[name]


@register.filter
def signature_of(version: Any, party_code: str) -> Any:
    """The signature of `party_code` on `version`, or None (every party's cell shows its own state)."""
    return version.signature_for(party_code) if version is not None else None


@register.filter
def language_name(code: str) -> str:
    """A language code as its name in the reader's language ("vi" -> "Vietnamese"/"Tiếng Việt")."""
    return str(dict(settings.LANGUAGES).get(code, code))


@register.simple_tag
def owner_unit_names(undertakings: list[dict[str, Any]] | None) -> dict[str, str]:
    """Unit code -> unit name in the reader's language, for every owner of these undertakings (one query)."""
    codes = {code for u in undertakings or () for code in (u.get("owners") or {}).values() if code}
    if not codes:
        return {}
    return {unit.code: unit.name for unit in Unit.objects.filter(code__in=codes).only("code", "names")}


@register.filter
def as_date(value: Any) -> Any:
    """An ISO date string from a version's JSON content as a date, so `|date` formats it per language."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def has_role(user: Any, role: str) -> bool:
    """Whether the reader holds `role`: actions are shown only to those who may take them."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))
