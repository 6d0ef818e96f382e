"""`make run` as a user stops it: Ctrl-C (SIGINT to the terminal's whole process group) is a normal stop
that exits 0 and says so; a node that really dies is named with its log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liaison.demo.runner import free_port

pytestmark = pytest.mark.e2e


def _start_demo(base: Path) -> subprocess.Popen[str]:
    # A new session stands in for the terminal: Ctrl-C signals its whole foreground process group.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liaison",
            "demo",
            "run",
            "--base-dir",
            str(base),
            "--vn-port",
            str(free_port()),
            "--la-port",
            str(free_port()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for_banner(proc: subprocess.Popen[str], timeout: float = 240.0) -> str:
    assert proc.stdout is not None
    seen = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        seen.append(line)
        if "Ctrl-C stops both nodes" in line:
            return "".join(seen)
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise AssertionError("the demo did not start: " + "".join(seen)[-3000:])


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-stop")


def test_ctrl_c_is_a_normal_stop(demo_base: Path) -> None:
    proc = _start_demo(demo_base)
    try:
        _wait_for_banner(proc)
        time.sleep(2)  # the workers are running too
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "unexpectedly" not in out, out
    assert "both nodes stopped" in out, out
    assert proc.returncode == 0, out


def test_a_crashed_node_is_named_with_its_log(demo_base: Path) -> None:
    proc = _start_demo(demo_base)
    try:
        _wait_for_banner(proc)
        # Kill LA's server the way a crash would (not through the runner).
        la_server = _child_server(proc.pid, demo_base / "la")
        os.kill(la_server, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 1, out
    assert "[LA] the server stopped unexpectedly" in out, out
    assert str(demo_base / "la" / "server.log") in out, out


def _child_server(runner_pid: int, data_dir: Path) -> int:
    """The pid of the `liaison serve` child of the runner whose data directory is `data_dir`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:"))
        if ppid == runner_pid and b"serve" in cmdline and f"LIAISON_DATA_DIR={data_dir}".encode() in environ:
            return int(entry.name)
    raise AssertionError(f"no server child of {runner_pid} for {data_dir}")
