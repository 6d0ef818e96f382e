"""Wake the delivery worker the moment an envelope is queued, instead of waiting for its next poll.

Each running worker binds a UDP socket on the loopback interface and writes its port to a file in
`<DATA_DIR>/wake/`; `nudge()` (run from `transaction.on_commit` in outbox.py) sends one empty
datagram to every port listed there. A lost datagram costs one poll interval, nothing more: the
worker still looks at its queue on its own, so a nudge is an optimisation, never a requirement.
A file left by a killed worker only makes a nudge go to a closed port, which UDP ignores.

This is enough for workers on the same machine as the web processes (the embedded default and a
single-machine PostgreSQL set-up); workers on other machines keep their poll interval.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

__all__ = ["Waker", "nudge", "nudge_on_commit"]


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

    def wait(self, timeout: float) -> bool:
        ready, _w, _x = select.select([self.sock], [], [], max(0.0, timeout))
        if not ready:
            return False
        # Several nudges may have queued up while the worker was busy: one round serves them all.
        with contextlib.suppress(BlockingIOError):
            while True:
                self.sock.recv(16)
        return True

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
        self.sock.close()
