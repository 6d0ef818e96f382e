"""Issue 3's acceptance soak: 10,000 envelopes from VN while LA is killed (SIGKILL) twice and
restarted. Every envelope is applied exactly once on LA, in the order sent, and `liaison sync
verify` prints OK on both sides. Real processes, real mutual TLS, loopback ports chosen free."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison.demo.runner import DemoRunner, NodeProcess, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TOTAL = 10_000


def query(node: NodeProcess, sql: str) -> list[tuple]:
    with sqlite3.connect(node.data_dir / "liaison.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


def applied(node: NodeProcess) -> int:
    return int(query(node, "select count(*) from federation_inboxenvelope")[0][0])


def wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def bare_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRunner]:
    """VN and LA initialised and peered by the runner, without demo data (not needed here)."""
    base = tmp_path_factory.mktemp("soak")
    runner = DemoRunner(base_dir=base, ports={"VN": free_port(), "LA": free_port()}, with_workers=False)
    for node in runner.nodes.values():
        node.data_dir.mkdir(parents=True)
        node.liaison("migrate", "--noinput", "-v", "0")
        node.liaison("node", "init", "--party", node.party, "--url", node.url, capture=True)
        node.start()
    try:
        for node in runner.nodes.values():
            node.wait_ready()
        runner.peer()
        yield runner
    finally:
        runner.stop()


def start_worker(node: NodeProcess) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "liaison", "worker", "--batch", "100", "--poll", "0.05", "--max-backoff", "1"],
        env=node.env(),
        stdout=node.log_file("worker").open("ab"),
        stderr=subprocess.STDOUT,
    )


def kill_and_restart(node: NodeProcess, down_for: float) -> None:
    assert node.server is not None
    node.server.send_signal(signal.SIGKILL)
    node.server.wait()
    time.sleep(down_for)
    node.start()
    node.wait_ready()


def test_ten_thousand_envelopes_survive_two_kills(bare_nodes: DemoRunner) -> None:
    vn, la = bare_nodes.nodes["VN"], bare_nodes.nodes["LA"]
    vn.liaison("peer", "ping", "LA", "--count", str(TOTAL), capture=True)
    started = time.monotonic()
    worker = start_worker(vn)
    try:
        wait_for(lambda: applied(la) >= TOTAL * 0.2, 90, "a fifth of the envelopes on LA")
        kill_and_restart(la, down_for=1.0)
        wait_for(lambda: applied(la) >= TOTAL * 0.6, 90, "three fifths of the envelopes on LA")
        kill_and_restart(la, down_for=2.0)
        wait_for(lambda: applied(la) >= TOTAL, 120, "every envelope on LA")
        wait_for(
            lambda: (
                query(vn, "select count(*) from federation_outboxenvelope where status != 'delivered'")
                == [(0,)]
            ),
            30,
            "VN's outbox to drain",
        )
    finally:
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=20) == 0  # SIGINT stops the worker cleanly
    elapsed = time.monotonic() - started

    # exactly once, in the order sent
    rows = query(
        la, "select envelope_id, json_extract(body, '$.payload.n') from federation_inboxenvelope order by seq"
    )
    assert len(rows) == TOTAL
    assert [n for _id, n in rows] == list(range(TOTAL))
    sent = query(vn, "select id from federation_outboxenvelope where to_party = 'LA' order by seq")
    assert [r[0] for r in rows] == [s[0] for s in sent]
    assert query(vn, "select count(*) from federation_outboxenvelope where status = 'dead'") == [(0,)]

    for here, there in ((vn, "LA"), (la, "VN")):
        out = here.liaison("sync", "verify", "--peer", there, capture=True).stdout
        assert out.startswith("OK"), out
    duplicates = query(la, "select sum(duplicates_seen) from federation_inboxenvelope")[0][0]
    print(
        f"\n{TOTAL} envelopes VN→LA, LA killed twice: {elapsed:.1f}s; duplicates acknowledged: {duplicates}"
    )


def test_sync_verify_names_missing_ids(bare_nodes: DemoRunner) -> None:
    """Delete an applied envelope behind LA's back: VN's verify names exactly that id."""
    vn, la = bare_nodes.nodes["VN"], bare_nodes.nodes["LA"]
    vn.liaison("peer", "ping", "LA", "--count", "3", capture=True)
    worker = start_worker(vn)
    try:
        wait_for(
            lambda: (
                query(vn, "select count(*) from federation_outboxenvelope where status = 'pending'") == [(0,)]
            ),
            60,
            "the pings to be delivered",
        )
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=20)
    victim = query(la, "select envelope_id from federation_inboxenvelope order by seq desc limit 1")[0][0]
    with sqlite3.connect(Path(la.data_dir) / "liaison.sqlite3", timeout=30) as db:
        db.execute("delete from federation_inboxenvelope where envelope_id = ?", (victim,))
    result = vn.liaison("sync", "verify", "--peer", "LA", check=False, capture=True)
    assert result.returncode == 1
    assert f"missing on LA: {victim}" in result.stdout
    assert "MISMATCH" in result.stdout
    assert "LA's data no longer matches the manifest it signed" in result.stdout


def test_sync_verify_names_envelopes_not_delivered(bare_nodes: DemoRunner) -> None:
    vn = bare_nodes.nodes["VN"]
    vn.liaison("peer", "ping", "LA", "--count", "1", capture=True)  # no worker running: stays queued
    queued = query(vn, "select id from federation_outboxenvelope where status = 'pending'")[0][0]
    result = vn.liaison("sync", "verify", "--peer", "LA", check=False, capture=True)
    assert result.returncode == 1
    assert f"missing on LA: {queued} (queued, not delivered yet)" in result.stdout
