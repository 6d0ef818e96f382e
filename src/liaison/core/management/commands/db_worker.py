"""`liaison db_worker`: django_tasks_db's worker, which also requeues the tasks a killed worker left
"running" (core.task_recovery): at start-up, then every minute while it runs, so that a worker
on another machine that died is noticed too. It takes the place of django_tasks_db's command of
the same name because liaison.core comes first in INSTALLED_APPS."""

from __future__ import annotations

import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from liaison.core import task_recovery

RECHECK_SECONDS = 60.0


class Command(DatabaseWorkerCommand):
    help = (
        "Run the task worker (apps' timers: escalation steps, notifications, reminders); requeues "
        "tasks left running by a worker that died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # The id names this process (host, pid, start time) so a later worker can tell it is gone;
        # it is computed in handle(), in the process that runs the tasks.
        parser.set_defaults(worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        options["worker_id"] = options.get("worker_id") or task_recovery.worker_id()
        requeued = task_recovery.requeue_orphaned_tasks()
        if requeued and options.get("verbosity", 1) > 0:
            self.stdout.write(f"requeued {len(requeued)} task(s) left running by a worker that stopped")
        close_old_connections()
        if not options.get("batch"):
            threading.Thread(target=_recheck, name="task-recovery", daemon=True).start()
        super().handle(*args, **options)


def _recheck() -> None:
    while True:
        time.sleep(RECHECK_SECONDS)
        try:
            task_recovery.requeue_orphaned_tasks()
        except Exception:  # e.g. the database is briefly locked: try again at the next round
            task_recovery.log.exception("could not check for tasks left running")
        finally:
            close_old_connections()
