"""One HTTP request to an ASGI application, in process: what uvicorn hands `liaison serve`'s
application, including the TLS client certificate that core.server.ClientCertProtocol puts in the
scope. Django's test client would not do here: it builds WSGI-style requests and never passes
through config/asgi.py, whose routing and request threads are what these tests are about."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


async def _call(application: Any, scope: dict[str, Any], body: bytes) -> Answer:
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    finished = asyncio.Event()
    answer = Answer(0, {}, b"")

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            for name, value in message.get("headers", []):
                answer.headers[name.decode().lower()] = value.decode()
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")
            if not message.get("more_body"):
                finished.set()

    await application(scope, receive, send)
    return answer


def request(
    application: Any,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    client_cert_der: bytes | None = None,
    content_type: str = "application/json",
) -> Answer:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8443),
        "extensions": {"tls": {"client_cert_der": client_cert_der}},
    }
    return asyncio.run(_call(application, scope, body))
