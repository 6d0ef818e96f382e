from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from liaison.core.contract import navigation_for
from liaison.core.node import local_node_or_none


def node(request: HttpRequest) -> dict[str, Any]:
    """This node's party, for the header of every page (one small query, cached per request)."""
    cached = getattr(request, "_liaison_node", None)
    if cached is None:
        local = local_node_or_none()
        cached = local.identity if local else None
        request._liaison_node = cached  # type: ignore[attr-defined]
    return {"this_node": cached}


@dataclass(frozen=True)
class _NavLink:
    label: Any
    url_name: str
    current: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation: every installed app's entries the officer may use (the app contract)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = request.resolver_match
    here = (match.namespace, match.view_name) if match else ("", "")

    def current(url_name: str) -> bool:
        namespace = url_name.split(":", 1)[0] if ":" in url_name else ""
        return url_name == here[1] or (bool(namespace) and namespace == here[0] and namespace != "admin")

    return {"navigation": [_NavLink(i.label, i.url_name, current(i.url_name)) for i in navigation_for(user)]}
