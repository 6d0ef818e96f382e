"""ASGI entry point: Django for HTTP, Channels for WebSocket pushes."""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
django_asgi_app = get_asgi_application()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from liaison.core.server import MachineHandler, RequestThreads  # noqa: E402
from liaison.federation.client import PROTOCOL_PATH  # noqa: E402

pages_app = ASGIStaticFilesHandler(django_asgi_app) if settings.SERVE_STATIC else django_asgi_app
# The peer-to-peer protocol: the same URLs and views, without the middleware pages need.
machine_app = MachineHandler()


async def _http(scope: dict[str, Any], receive: Any, send: Any) -> None:
    app = machine_app if scope["path"].startswith(PROTOCOL_PATH) else pages_app
    await app(scope, receive, send)


http_app = RequestThreads(_http)

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from liaison.config.websocket_urls import websocket_urlpatterns  # noqa: E402

# Sockets carry the officer's session cookie: a page of another site must not open one, so every
# route sits behind the origin check (the Origin header must name one of ALLOWED_HOSTS).
websocket_app = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))

application = ProtocolTypeRouter({"http": http_app, "websocket": websocket_app})
