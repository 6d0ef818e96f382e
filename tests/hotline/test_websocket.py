"""The hotline's WebSocket through the real ASGI application (config.asgi): a page of another site
cannot open it (origin check), a visitor without a session is turned away, and an officer's page
receives its unit's alerts live, after the commit that made them."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from tests.ws import WebsocketClient

from .conftest import incoming_payload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.channels]


def _session_cookie(officer: Any) -> str:
    client = Client()
    client.force_login(officer)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _communicator(origin: str, cookie: str = "") -> WebsocketClient:
    from liaison.config.asgi import application

    headers = [(b"host", b"127.0.0.1"), (b"origin", origin.encode())]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketClient(application, "/ws/hotline/", headers=headers)


def _connects(origin: str, cookie: str = "") -> bool:
    async def attempt() -> bool:
        communicator = _communicator(origin, cookie)
        connected, _code = await communicator.connect()
        if connected:
            await communicator.disconnect()
        return bool(connected)

    return asyncio.run(attempt())


def test_a_socket_from_another_sites_page_is_refused(desk) -> None:
    cookie = _session_cookie(desk["duty"])
    assert not _connects("https://evil.example", cookie)
    assert not _connects("https://127.0.0.1.evil.example", cookie)
    assert _connects("https://127.0.0.1", cookie)  # the same officer, from this node's own page


def test_a_visitor_without_a_session_is_turned_away(desk) -> None:
    assert not _connects("https://127.0.0.1")


def test_an_alert_reaches_the_open_pages_of_its_unit_only(desk) -> None:
    mine, other = _session_cookie(desk["duty"]), _session_cookie(desk["outsider"])

    async def scenario() -> tuple[dict[str, Any], bool]:
        page = _communicator("https://127.0.0.1", mine)
        elsewhere = _communicator("https://127.0.0.1", other)
        assert (await page.connect())[0] and (await elsewhere.connect())[0]
        from liaison.hotline import services

        await database_sync_to_async(services.receive_alert)(
            incoming_payload(subject="Pursuit"), from_party="LA"
        )
        event = await page.receive_json_from(timeout=5)
        other_got_nothing = await elsewhere.receive_nothing(timeout=0.5)
        await page.disconnect()
        await elsewhere.disconnect()
        return event, other_got_nothing

    event, other_got_nothing = asyncio.run(scenario())
    assert (event["event"], event["subject"], event["incoming"]) == ("raised", "Pursuit", True)
    assert event["to_unit"]["code"] == "VN-QTR" and event["deadline_at"]
    assert other_got_nothing, "Kon Tum's desk must not hear Quang Tri's alert"


def test_a_push_from_another_process_is_relayed_to_the_open_pages(desk, settings, tmp_path) -> None:
    """The task worker (another process) fires escalation steps: with the in-memory layer its pushes
    reach the web process's pages through the loopback relay."""
    from liaison.hotline import live

    if settings.REDIS_URL:
        pytest.skip("with Redis every process reaches every page directly")
    settings.DATA_DIR = tmp_path
    live._relay = None  # this test's event loop starts its own relay
    cookie = _session_cookie(desk["duty"])

    async def scenario() -> dict[str, Any]:
        page = _communicator("https://127.0.0.1", cookie)
        assert (await page.connect())[0]
        assert list((tmp_path / "live").glob("*.port")), "the web process lists its relay port"
        group = live.group_name(desk["duty"].unit_id)
        # Another local process that knows the port but not the node's secret: dropped.
        port = int(next((tmp_path / "live").glob("*.port")).read_text())
        forged = {
            "group": group,
            "message": {"type": "hotline.event", "event": {"type": "alert", "event": "forged"}},
        }
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(json.dumps(forged).encode(), ("127.0.0.1", port))
        # What push() does in a process without a relay of its own (the task worker):
        await asyncio.get_running_loop().run_in_executor(
            None,
            live._send_to_relays,
            group,
            {"type": "hotline.event", "event": {"type": "alert", "event": "escalated"}},
        )
        event = await page.receive_json_from(timeout=5)
        await page.disconnect()
        return dict(event)

    try:
        assert asyncio.run(scenario()) == {"type": "alert", "event": "escalated"}
    finally:
        if live._relay is not None:
            live._relay = None
