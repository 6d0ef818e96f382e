"""Wake the delivery worker the moment an envelope is queued, instead of waiting for its next poll.

Each running worker binds a UDP socket on the loopback interface and writes its port to a file in
`<DATA_DIR>/wake/`; `nudge()` (run from `transaction.on_commit` in outbox.py) sends one empty
datagram to every port listed there. A lost datagram costs one poll interval, nothing more: the
worker still looks at its queue on its own, so a nudge is an optimisation, never a requirement.
A file left by a killed worker only makes a nudge go to a closed port, which UDP ignores.

On PostgreSQL the queueing transaction also says `NOTIFY liaison_outbox`, and every worker LISTENs
on a connection of its own: PostgreSQL delivers the notification when (and only if) the transaction
commits, to workers on any machine. If that connection is lost, the worker falls back to the
loopback nudge and its poll.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

__all__ = ["CHANNEL", "Waker", "nudge", "nudge_on_commit"]

CHANNEL = "liaison_outbox"  # PostgreSQL's LISTEN/NOTIFY channel

log = logging.getLogger("liaison.federation.wake")


def _wake_dir() -> Path:
    return Path(settings.DATA_DIR) / "wake"


def nudge() -> None:
    """Tell every worker of this node that the outbox has something new (best effort)."""
    folder = _wake_dir()
    try:
        ports = [int(p.read_text()) for p in folder.glob("*.port")]
    except (OSError, ValueError):
        ports = []
    if not ports:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for port in ports:
            with contextlib.suppress(OSError):
                sock.sendto(b"!", ("127.0.0.1", port))


def nudge_on_commit() -> None:
    """Nudge once when the current transaction commits, however many envelopes it queues."""
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is nudge for entry in pending):
        return
    transaction.on_commit(nudge)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")  # sent by PostgreSQL at commit, dropped on rollback


class Waker:
    """The worker's end: `wait(timeout)` returns early (True) when a nudge arrives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        folder = _wake_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{os.getpid()}-{self.sock.getsockname()[1]}.port"
        self.path.write_text(str(self.sock.getsockname()[1]))
        self.listener = _listen() if connection.vendor == "postgresql" else None

    def wait(self, timeout: float) -> bool:
        waiting_on: list[Any] = [self.sock]
        if self.listener is not None:
            waiting_on.append(self.listener.fileno())
        ready, _w, _x = select.select(waiting_on, [], [], max(0.0, timeout))
        if not ready:
            return False
        # Several nudges may have queued up while the worker was busy: one round serves them all.
        with contextlib.suppress(BlockingIOError):
            while True:
                self.sock.recv(16)
        if self.listener is not None:
            try:
                for _notification in self.listener.notifies(timeout=0):
                    pass
            except Exception:  # the database connection is gone: the nudge and the poll remain
                log.warning("lost the LISTEN connection; falling back to the poll", exc_info=True)
                self._close_listener()
        return True

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
        self.sock.close()
        self._close_listener()

    def _close_listener(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(Exception):
                self.listener.close()
            self.listener = None


def _listen() -> Any:
    """A connection of its own (with this node's database settings) that LISTENs on CHANNEL."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    raw.execute(f"LISTEN {CHANNEL}")
    return raw
