"""Tasks that a killed worker left "running" are put back in the queue.

django-tasks' database worker marks a task RUNNING when it claims it and nothing releases that
claim if the worker dies (SIGKILL, power cut, OOM): the task would stay "running" for ever and
never run. For the hotline that would lose an escalation step whose task was the last one due. The
apps' tasks are written to be run again safely (a step fires at most once, a notification is sent
at most once per attempt row), so the cure is to requeue such a task:

- claimed by a worker of **this host** whose process is gone: at once;
- claimed by a worker elsewhere (another machine of the node, or an id we cannot read): once it
  has been running for longer than TASKS_STALE_AFTER_SECONDS, far longer than any of our tasks.

A worker id names its host, pid and the process's start time (`worker_id()`), so a pid reused by
another process after a reboot is not taken for the worker that claimed the task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("liaison.tasks")

_MAX_ID = 64  # django_tasks_db refuses longer worker ids


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
    return stat.rsplit(")", 1)[1].split()[19]


def _host() -> str:
    return socket.gethostname()[:32]


def worker_id(pid: int | None = None) -> str:
    """`host:pid:start-ticks` of this process (or of `pid`): enough to tell later whether it is
    still alive."""
    pid = pid or os.getpid()
    return f"{_host()}:{pid}:{_start_ticks(pid) or '?'}"[:_MAX_ID]


def _alive_here(claimed_by: str) -> bool | None:
    """True/False for a worker id of this host; None when it names another host or is not ours."""
    parts = claimed_by.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return None
    pid, ticks = int(parts[1]), parts[2]
    if ticks != "?":
        return _start_ticks(pid) == ticks
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)


def requeue_orphaned_tasks(now: dt.datetime | None = None) -> list[str]:
    """Put back in the queue every running task whose worker is gone; returns their ids."""
    now = now or timezone.now()
    requeued: list[str] = []
    with transaction.atomic():
        for task in DBTaskResult.objects.running().select_for_update():
            claimed_by = task.worker_ids[-1] if task.worker_ids else ""
            alive = _alive_here(claimed_by)
            if alive is None:
                orphaned = task.started_at is None or now - task.started_at > stale_after()
            else:
                orphaned = not alive
            if not orphaned:
                continue
            # READY with its original run_after: the next worker loop claims it like any due task.
            task.status, task.started_at = TaskResultStatus.READY, None
            task.save(update_fields=["status", "started_at"])
            requeued.append(str(task.id))
            log.warning(
                "task %s (%s) claimed by %r was left running: requeued", task.id, task.task_path, claimed_by
            )
    return requeued
