"""WebSocket routes (live pushes); apps add theirs here."""

from typing import Any

websocket_urlpatterns: list[Any] = []
