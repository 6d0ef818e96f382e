"""Live pushes to the open pages of a unit's officers (Channels groups, one per unit).

`push_on_commit(unit_id, event)` sends after the transaction commits, so a page never shows an
alert that was rolled back. On Redis (LIAISON_REDIS_URL) any process reaches every page. The
in-memory layer of the embedded default reaches only the pages of its own process, but timers run
in the task worker, another process: there a push goes as one loopback UDP datagram to each web
process of this node, which relays it into its own layer (the relay starts with the first page
that opens a socket and lists its port under <DATA_DIR>/live/).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import socket
from pathlib import Path
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import transaction

log = logging.getLogger("liaison.hotline.live")

_relay: asyncio.DatagramTransport | None = None
_relay_file: Path | None = None
_pending: set[asyncio.Future[None]] = set()  # keeps relayed sends alive until they finish


def group_name(unit_id: int) -> str:
    return f"hotline.unit.{unit_id}"


def _live_dir() -> Path:
    return Path(settings.DATA_DIR) / "live"


def push(unit_id: int, event: dict[str, Any]) -> None:
    """Send `event` to every open page of the unit's officers (best effort: the page also shows
    the state on its next load)."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "hotline.event", "event": event}
    if isinstance(layer, InMemoryChannelLayer) and _relay is None:
        _send_to_relays(group_name(unit_id), message)
        return
    try:
        async_to_sync(layer.group_send)(group_name(unit_id), message)
    except Exception:  # a push must never break the change it announces
        log.exception("live push to unit %s failed", unit_id)


def push_on_commit(unit_id: int, event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: push(unit_id, event))


def _seal(data: bytes) -> bytes:
    """A MAC with the node's secret key: any local process can send a datagram to the relay, only
    this node's own processes can make a page show what it says."""
    return hmac.new(settings.SECRET_KEY.encode(), data, hashlib.sha256).hexdigest().encode()


def _send_to_relays(group: str, message: dict[str, Any]) -> None:
    body = json.dumps({"group": group, "message": message}).encode()
    data = _seal(body) + b"\n" + body
    try:
        ports = [int(p.read_text()) for p in _live_dir().glob("*.port")]
    except (OSError, ValueError):
        return
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for port in ports:
            with contextlib.suppress(OSError):
                sock.sendto(data, ("127.0.0.1", port))


class _RelayProtocol(asyncio.DatagramProtocol):
    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if addr[0] != "127.0.0.1":
            return
        mac, _newline, body = data.partition(b"\n")
        if not hmac.compare_digest(mac, _seal(body)):
            log.warning("a live-push datagram without this node's seal was dropped")
            return
        try:
            parsed = json.loads(body)
            group, message = str(parsed["group"]), dict(parsed["message"])
        except (ValueError, KeyError, TypeError):
            return
        if not group.startswith("hotline.unit."):
            return
        layer = get_channel_layer()
        if layer is not None:
            future = asyncio.ensure_future(layer.group_send(group, message))
            _pending.add(future)
            future.add_done_callback(_pending.discard)


async def ensure_relay() -> None:
    """Start this web process's relay once (only needed with the in-memory layer)."""
    global _relay, _relay_file
    if _relay is not None or not isinstance(get_channel_layer(), InMemoryChannelLayer):
        return
    loop = asyncio.get_running_loop()
    transport, _protocol = await loop.create_datagram_endpoint(_RelayProtocol, local_addr=("127.0.0.1", 0))
    _relay = transport
    port = transport.get_extra_info("sockname")[1]
    folder = _live_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _relay_file = folder / f"{os.getpid()}-{port}.port"
    _relay_file.write_text(str(port))
