from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from liaison.core.models import NodeIdentity


def node(request: HttpRequest) -> dict[str, Any]:
    """This node's party, for the header of every page (one small query, cached per request)."""
    cached = getattr(request, "_liaison_node", None)
    if cached is None:
        cached = NodeIdentity.objects.select_related("party").first()
        request._liaison_node = cached  # type: ignore[attr-defined]
    return {"this_node": cached}
