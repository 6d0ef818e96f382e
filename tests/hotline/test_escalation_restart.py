"""Escalation survives a restart (issue 11, item 6): a real node database, the real django-tasks
worker process (`liaison db_worker`, as `make run` starts it), a short deadline and a chain of four
steps. The worker is killed (SIGKILL: no goodbye) after the second step and restarted once the
third is overdue: every step fires exactly once, in order, and the third fires on restart."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison.demo.runner import NodeProcess

pytestmark = pytest.mark.e2e

SETUP = """
import datetime as dt, json, uuid
from django.utils import timezone
from liaison.core.models import Twinning, Unit
from liaison.hotline import services
qtr = Unit.objects.get(code="VN-PS-QTR")
services.check_set_ack_deadline(
    Twinning.objects.get(unit_a=qtr, unit_b__code="LA-PS-SVK"), seconds=2, acting_user=None)
services.check_set_escalation_chain(
    qtr, steps=[(0, "notify_duty"), (3, "notify_head"), (3, "notify_desk"), (3, "notify_duty")],
    repeat_times=0, acting_user=None)
alert = services.receive_alert({
    "uid": str(uuid.uuid4()), "from_unit": "LA-PS-SVK", "to_unit": "VN-PS-QTR",
    "kind": "imminent_threat", "subject": "Restart drill", "language": "en",
    "raised_by": "Savannakhet desk", "raised_at": timezone.now().isoformat()}, from_party="LA")
print(json.dumps({"alert": alert.pk}))
"""


@pytest.fixture
def node(tmp_path: Path) -> Iterator[NodeProcess]:
    node = NodeProcess("VN", tmp_path / "vn", "127.0.0.1", 0)
    node.data_dir.mkdir(parents=True)
    node.liaison("migrate", "--noinput", "-v", "0")
    node.liaison("node", "init", "--party", "VN", "--url", "https://127.0.0.1:9")
    node.liaison("demo", "load")
    try:
        yield node
    finally:
        node.stop()


def _steps(node: NodeProcess, alert: int) -> list[tuple[int, str, str | None]]:
    with sqlite3.connect(node.data_dir / "liaison.sqlite3", timeout=20) as db:
        return list(
            db.execute(
                "SELECT position, state, done_at FROM hotline_alertstep WHERE alert_id = ? ORDER BY position",
                (alert,),
            )
        )


def _fired_envelopes(node: NodeProcess) -> list[int]:
    with sqlite3.connect(node.data_dir / "liaison.sqlite3", timeout=20) as db:
        rows = db.execute(
            "SELECT body FROM federation_outboxenvelope "
            "WHERE type = 'hotline.alert.escalated.v1' ORDER BY seq"
        )
        return [json.loads(body)["payload"]["position"] for (body,) in rows]


def _wait(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_a_restarted_worker_neither_skips_nor_repeats_a_step(node: NodeProcess) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "liaison", "shell", "-c", SETUP],
        env=node.env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    alert = json.loads(out.strip().splitlines()[-1])["alert"]
    assert [s[1] for s in _steps(node, alert)] == ["pending"] * 4

    node.start_tasks()
    _wait(lambda: [s[1] for s in _steps(node, alert)][:2] == ["done", "done"], 30, "steps 1 and 2")
    assert node.tasks is not None
    node.tasks.send_signal(signal.SIGKILL)
    node.tasks.wait(10)
    killed_at = time.monotonic()
    assert [s[1] for s in _steps(node, alert)] == ["done", "done", "pending", "pending"]

    # While the worker is down the third step comes due (3 s after the second): nothing fires it.
    time.sleep(3.5)
    assert [s[1] for s in _steps(node, alert)][2] == "pending"

    node.start_tasks()
    _wait(lambda: all(s[1] == "done" for s in _steps(node, alert)), 30, "every step")
    steps = _steps(node, alert)
    done = [s[2] for s in steps]
    assert done == sorted(done), f"steps fired out of order: {steps}"  # type: ignore[type-var]
    assert _fired_envelopes(node) == [1, 2, 3, 4], "each step told the sender exactly once, in order"
    assert time.monotonic() - killed_at >= 3.5
    with sqlite3.connect(node.data_dir / "liaison.sqlite3") as db:
        audited = [
            json.loads(extra)["position"]
            for (extra,) in db.execute(
                "SELECT extra_data FROM core_auditevent "
                "WHERE event_type = 'hotline.alert_escalated' ORDER BY id"
            )
        ]
    assert audited == [1, 2, 3, 4]
