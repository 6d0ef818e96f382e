"""The two-node demo of `make run`: initialise each node once, start its server and worker, peer
them, print the log-ins and stop everything cleanly on Ctrl-C. The e2e tests start nodes through
this same class (with free ports and a temporary directory)."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PARTIES = ("VN", "LA")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class NodeProcess:
    party: str
    data_dir: Path
    host: str
    port: int
    extra_env: dict[str, str] = field(default_factory=dict)
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    tasks: subprocess.Popen[bytes] | None = None  # the task worker: reminders, deadlines, escalations

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "LIAISON_DATA_DIR": str(self.data_dir),
                "PYTHONUNBUFFERED": "1",
                # Browsers share cookies across ports of one host: give each node its own names so
                # logging in to LA does not log you out of VN.
                "LIAISON_SESSION_COOKIE_NAME": f"liaison_session_{self.party.lower()}",
                "LIAISON_CSRF_COOKIE_NAME": f"liaison_csrftoken_{self.party.lower()}",
            }
        )
        env.update(self.extra_env)
        return env

    def liaison(
        self, *args: str, check: bool = True, capture: bool = False
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "liaison", *args],
            env=self.env(),
            text=True,
            capture_output=capture or not check,
            check=False,
        )
        if check and result.returncode != 0:
            detail = (result.stderr or result.stdout or "").strip() if capture else ""
            raise RuntimeError(
                f"[{self.party}] liaison {' '.join(args)} failed ({result.returncode}) {detail}"
            )
        return result

    def log_file(self, name: str) -> Path:
        return self.data_dir / f"{name}.log"

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "liaison", "serve", "--host", self.host, "--port", str(self.port)],
            env=self.env(),
            stdout=self.log_file("server").open("ab"),
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C in the terminal reaches only the runner, which stops the
            # nodes in order; otherwise they die first and a normal stop looks like a crash.
            process_group=0,
        )

    def _background(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "liaison", *args],
            env=self.env(),
            stdout=self.log_file(name).open("ab"),
            stderr=subprocess.STDOUT,
            process_group=0,
        )

    def start_worker(self) -> None:
        """The delivery worker: the outbox to the peers."""
        self.worker = self._background("worker", "worker")

    def start_tasks(self) -> None:
        """The django-tasks database worker, which runs the timers of the apps (hotline escalation
        steps and notification retries, report and request reminders) from rows in the database."""
        self.tasks = self._background(
            "tasks",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.5",
            "--no-startup-delay",
            "--no-reload",
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the HTTPS log-in page answers."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + timeout
        import urllib.request

        while time.monotonic() < deadline:
            if self.server is not None and self.server.poll() is not None:
                raise RuntimeError(f"[{self.party}] server exited; see {self.log_file('server')}")
            try:
                with urllib.request.urlopen(f"{self.url}/login/", context=context, timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"[{self.party}] no answer on {self.url} after {timeout:.0f}s")

    def stop(self) -> None:
        for proc in (self.tasks, self.worker, self.server):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in (self.tasks, self.worker, self.server):
            if proc is None:
                continue
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class DemoRunner:
    def __init__(
        self,
        base_dir: Path,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        extra_env: dict[str, dict[str, str]] | None = None,
        with_workers: bool = True,
    ) -> None:
        ports = ports or {"VN": 8443, "LA": 8444}
        self.with_workers = with_workers
        self.nodes = {
            party: NodeProcess(
                party, base_dir / party.lower(), host, ports[party], (extra_env or {}).get(party, {})
            )
            for party in PARTIES
        }

    def say(self, text: str) -> None:
        print(text, flush=True)

    def prepare(self) -> None:
        """Migrate, initialise and load each node the first time; later runs keep the data."""
        for node in self.nodes.values():
            node.data_dir.mkdir(parents=True, exist_ok=True)
            self.say(f"[{node.party}] migrating database in {node.data_dir}")
            node.liaison("migrate", "--noinput", "-v", "0")
            marker = node.data_dir / "initialised.json"
            if not marker.exists():
                self.say(f"[{node.party}] creating keys and certificate, loading demo data")
                node.liaison("node", "init", "--party", node.party, "--url", node.url)
                node.liaison("demo", "load")
                marker.write_text(json.dumps({"party": node.party, "url": node.url}))

    def fingerprint(self, node: NodeProcess) -> str:
        out = node.liaison("node", "show", capture=True).stdout
        for line in out.splitlines():
            if line.startswith("fingerprint:"):
                return line.split(":", 1)[1].strip()
        raise RuntimeError(f"[{node.party}] `liaison node show` printed no fingerprint")

    def peer(self) -> None:
        vn, la = self.nodes["VN"], self.nodes["LA"]
        for here, there in ((vn, la), (la, vn)):
            self.say(f"[{here.party}] peering with {there.party} at {there.url}")
            here.liaison(
                "peer", "add", "--url", there.url, "--fingerprint", self.fingerprint(there), capture=True
            )

    def start(self) -> None:
        self.prepare()
        for node in self.nodes.values():
            node.start()
        for node in self.nodes.values():
            node.wait_ready()
        self.peer()
        if self.with_workers:
            for node in self.nodes.values():
                node.start_worker()
                node.start_tasks()

    def stop(self) -> None:
        for node in self.nodes.values():
            node.stop()

    def banner(self) -> None:
        from liaison.demo.core import demo_logins

        self.say("")
        for node in self.nodes.values():
            self.say(f"{node.party} node: {node.url}/  (self-signed certificate: see README, 'First visit')")
            for roles, unit, username, password in demo_logins(node.party):
                self.say(f"    {username:<14} {password}   {roles:<22} {unit}")
        self.say("\nCtrl-C stops both nodes. Data is kept in var/demo; `make reset` starts over.")

    def run_forever(self) -> int:
        # `kill` (SIGTERM) stops the nodes as cleanly as Ctrl-C does, instead of orphaning them.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            self.start()
            self.banner()
            while (crashed := self.crashed()) is None:
                time.sleep(0.5)
            node, name, code = crashed
            self.say(
                f"[{node.party}] the {name} stopped unexpectedly (exit code {code}); "
                f"see its log: {node.log_file(name)}"
            )
            return 1
        except KeyboardInterrupt:
            self.say("\nstopping both nodes…")
            self.stop()
            self.say("both nodes stopped.")
            return 0
        finally:
            self.stop()

    def crashed(self) -> tuple[NodeProcess, str, int] | None:
        """The first node process that has exited on its own: (node, "server", "worker" or "tasks",
        exit code)."""
        # Servers first: a worker whose server died may stop a moment later, and the server is the cause.
        for name in ("server", "worker", "tasks"):
            for node in self.nodes.values():
                proc = getattr(node, name)
                if proc is not None and (code := proc.poll()) is not None:
                    return node, name, code
        return None
