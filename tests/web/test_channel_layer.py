"""The channel layer the project configures: in memory by default, Redis at LIAISON_REDIS_URL when
that is set (scripts/test.sh runs the `channels` tests again with a Redis server). What a layer
does with a message is the channels library's business and is not re-tested here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.channels


def _layers(redis_url: str | None) -> dict[str, object]:
    """CHANNEL_LAYERS as the settings module builds it from this environment (a fresh process:
    settings are read once, at start-up)."""
    env = {k: v for k, v in os.environ.items() if k != "LIAISON_REDIS_URL"}
    if redis_url is not None:
        env["LIAISON_REDIS_URL"] = redis_url
    code = "import json; from liaison.config import settings; print(json.dumps(settings.CHANNEL_LAYERS))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_without_redis_the_layer_is_in_memory() -> None:
    assert _layers(None) == {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_with_redis_the_layer_is_redis_at_that_url() -> None:
    url = "redis://127.0.0.1:6379/7"
    assert _layers(url) == {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url]}}
    }
