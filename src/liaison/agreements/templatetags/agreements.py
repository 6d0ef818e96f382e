from __future__ import annotations

from typing import Any

from django import template

from liaison.core.models.party import pick_name

register = template.Library()


@register.simple_tag
def document_state(document: Any) -> dict[str, Any]:
    """draft, shared, partly (signed by some parties), signed (by all) or paper (signed in ink)."""
    if document.signed_on_paper:
        return {"code": "paper", "parties": []}
    versions = list(document.versions.all())
    latest = max(versions, key=lambda v: v.number) if versions else None
    parties = sorted(p.code for p in document.parties.all())
    signed = sorted(s.party.code for s in latest.signatures.all()) if latest else []
    if signed and set(parties) <= set(signed):
        return {"code": "signed", "parties": signed}
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
