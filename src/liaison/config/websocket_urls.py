"""WebSocket routes: every installed Liaison app's `websocket_routes` (the app contract)."""

from typing import Any

from liaison.core.contract import each_part

websocket_urlpatterns: list[Any] = [
    route for _config, routes in each_part("websocket_routes") for route in routes
]
