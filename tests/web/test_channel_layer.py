"""Live pushes go through the channel layer: in-memory by default, Redis when LIAISON_REDIS_URL is set
(scripts/test.sh runs this module again against the Redis server)."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.conf import settings

pytestmark = pytest.mark.channels


def test_a_group_message_reaches_every_member() -> None:
    layer = get_channel_layer()
    assert layer is not None
    expected = "RedisChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected

    async def exchange() -> list[dict[str, str]]:
        first = await layer.new_channel()
        second = await layer.new_channel()
        await layer.group_add("unit.VN-QTR", first)
        await layer.group_add("unit.VN-QTR", second)
        await layer.group_send("unit.VN-QTR", {"type": "alert.new", "text": "Cảnh báo ໃໝ່"})
        received = [await asyncio.wait_for(layer.receive(ch), 5) for ch in (first, second)]
        await layer.group_discard("unit.VN-QTR", first)
        await layer.group_discard("unit.VN-QTR", second)
        return received

    received = asyncio.run(exchange())
    assert [m["text"] for m in received] == ["Cảnh báo ໃໝ່", "Cảnh báo ໃໝ່"]
