from __future__ import annotations

import datetime as dt

from ninja import Schema


class PeerStatusOut(Schema):
    code: str
    name: str
    url: str
    fingerprint: str
    active: bool
    state: str
    state_since: dt.datetime | None
    queue_depth: int
    delivered: int
    dead_letters: int
    last_delivery_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    consecutive_failures: int
    last_error: str


class DeadLetterOut(Schema):
    id: str
    type: str
    seq: int
    created_at: dt.datetime
    attempts: int
    reason: str
    detail: str


class PeerDetailOut(PeerStatusOut):
    dead_letter_list: list[DeadLetterOut]


class RetryOut(Schema):
    id: str
    status: str
