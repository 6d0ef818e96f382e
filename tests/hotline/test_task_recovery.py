"""A task worker killed in the middle of a task (SIGKILL: it never marks the task finished) must
not lose what that task was for. django-tasks would leave the task "running" for ever; `liaison
db_worker` requeues it when it starts (core.task_recovery), so the escalation steps still fire."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from liaison.core import task_recovery
from liaison.hotline import services
from liaison.hotline.choices import StepState

from .conftest import incoming_payload

pytestmark = pytest.mark.django_db(transaction=True)


def _gone_worker_id() -> str:
    """The id a worker of this machine had, whose process has since been killed."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        return task_recovery.worker_id(proc.pid)
    finally:
        proc.kill()
        proc.wait()


def _timers() -> DBTaskResult:
    return DBTaskResult.objects.filter(task_path__endswith="fire_due_steps_task")


def _claim(task: DBTaskResult, worker: str, started: dt.datetime) -> None:
    task.status, task.started_at, task.worker_ids = TaskResultStatus.RUNNING, started, [worker]
    task.save(update_fields=["status", "started_at", "worker_ids"])


def test_the_step_of_a_task_left_running_by_a_killed_worker_fires_on_restart(desk) -> None:
    alert = services.receive_alert(incoming_payload(), from_party="LA")
    past = timezone.now() - dt.timedelta(minutes=1)
    alert.steps.update(due_at=past)
    # The worker had claimed the only timer left when it was killed: without recovery nothing
    # would ever run it again and every step would stay pending.
    last, *others = list(_timers())
    DBTaskResult.objects.filter(pk__in=[t.pk for t in others]).delete()
    _timers().update(run_after=past)
    _claim(last, _gone_worker_id(), started=past)

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    assert set(alert.steps.values_list("state", flat=True)) == {StepState.DONE}
    last.refresh_from_db()
    assert last.status == TaskResultStatus.SUCCESSFUL
    assert len(last.worker_ids) == 2, "run again by the new worker"


def test_only_tasks_of_workers_that_are_gone_are_requeued(desk) -> None:
    for _ in range(2):  # three timers each
        services.receive_alert(incoming_payload(), from_party="LA")
    mine, gone, young_elsewhere, old_elsewhere, *_ = list(_timers())
    now = timezone.now()
    _claim(mine, task_recovery.worker_id(), started=now - dt.timedelta(hours=2))  # still running
    _claim(gone, _gone_worker_id(), started=now)
    _claim(young_elsewhere, "other-host:4242:1", started=now - dt.timedelta(minutes=1))
    _claim(old_elsewhere, "other-host:4242:1", started=now - dt.timedelta(hours=1))

    requeued = task_recovery.requeue_orphaned_tasks()

    assert sorted(requeued) == sorted([str(gone.pk), str(old_elsewhere.pk)])
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[mine.pk] == states[young_elsewhere.pk] == TaskResultStatus.RUNNING
    assert states[gone.pk] == states[old_elsewhere.pk] == TaskResultStatus.READY
