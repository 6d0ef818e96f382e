"""Template helpers of the exchange pages: code-listed values in the reader's language, and the name
of the language a free text is written in."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from liaison.core import codelists
from liaison.core.models.party import pick_name

register = template.Library()


@register.filter
def offence_label(code: str) -> str:
    return codelists.label("offence", code)


@register.filter
def tlp_label(code: str) -> str:
    return codelists.label("tlp", code)


@register.filter
def priority_label(code: str) -> str:
    return codelists.label("priority", code)


@register.filter
def language_name(code: str) -> str:
    """The language's name in the reader's language ('Lao', 'tiếng Lào'...), else the code."""
    if not code:
        return ""
    # settings.LANGUAGES holds the names as lazy translations the catalogues already carry.
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.filter
def in_language(texts: dict[str, str] | None) -> str:
    return pick_name(texts) if texts else ""


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return mapping.get(key) if mapping else None
