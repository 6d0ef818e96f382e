"""Settings of the cases app, read from Django settings (tests override them there) or else from the
environment, so nothing of this app lives in config/."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULT_HIT_QUERIES_PER_HOUR = 30


def hit_queries_per_hour() -> int:
    """Most hit/no-hit queries one officer may ask in any 60 minutes (LIAISON_HIT_QUERIES_PER_HOUR)."""
    value = getattr(settings, "CASES_HIT_QUERIES_PER_HOUR", None)
    if value is None:
        raw = os.environ.get("LIAISON_HIT_QUERIES_PER_HOUR", "")
        value = int(raw) if raw.strip().isdigit() else DEFAULT_HIT_QUERIES_PER_HOUR
    return max(0, int(value))
