"""Settings of the cases app, from the one settings module (LIAISON_HIT_QUERIES_PER_HOUR,
LIAISON_HIT_ANSWERS_PER_PEER_PER_HOUR)."""

from __future__ import annotations

from django.conf import settings


def hit_queries_per_hour() -> int:
    """Most hit/no-hit queries one officer may ask in any 60 minutes."""
    return max(0, int(settings.CASES_HIT_QUERIES_PER_HOUR))


def hit_answers_per_peer_per_hour() -> int:
    """Most hit/no-hit queries this node answers for one peer party in any 60 minutes."""
    return max(0, int(settings.CASES_HIT_ANSWERS_PER_PEER_PER_HOUR))
