"""The WebSocket of the hotline: an officer's open pages join their unit's group and receive its
alerts and their changes live. The ASGI router already refuses sockets opened from another site's
pages (origin check) and puts the officer of the session cookie in the scope."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live


@database_sync_to_async
def _unit_of(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_locked():
        return None
    return int(user.unit_id) if user.unit_id else None


class HotlineConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        unit_id = await _unit_of(self.scope.get("user"))
        if unit_id is None:
            await self.close(code=4401)
            return
        await live.ensure_relay()
        self.group = live.group_name(unit_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if content == {"type": "ping"}:
            await self.send_json({"type": "pong"})

    async def hotline_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
