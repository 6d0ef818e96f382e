"""Hotline benchmark: how long an alert raised on VN takes to reach a connected LA WebSocket
client (the duty officer's open page), p50 and p99 over 1,000 alerts while bulk federation traffic
to LA runs at the same time. Goal: p99 under 500 ms with the bulk traffic, and the bulk traffic
still flowing: a fast alert must not come from starving it.

    .venv/bin/python bench/hotline.py [--quick] [--rate N] [--bulk-group N --bulk-every S]

Three phases in one run:
- alerts alone: the latency with no bulk traffic (the baseline);
- bulk alone: routine envelopes to LA, no alerts: the bulk rate delivered without alerts;
- alerts with bulk: the latency under bulk traffic, and the bulk rate delivered meanwhile.

Two real nodes (DemoRunner: HTTPS with mutual TLS on loopback, delivery workers, task workers).
This process acts on VN's database: it raises each alert through the service a VN duty officer's
page calls (`check_raise_alert`), and in a second thread queues routine envelopes to LA in groups
(the bulk traffic, offered at group/every per second). A third thread holds a WebSocket to LA's
/ws/hotline/ with the session of LA's duty officer, exactly as the dashboard's script does.
Latency runs from the call that raises the alert to the arrival of its push on that socket; it is
split at the moment LA stored the alert (LA's delivery time) into "to LA" (VN's transaction, the
delivery worker, LA's inbox) and "push" (LA's commit to the page). The bulk rate is what VN's
worker got delivered (receipts recorded) per second during the phase.

Prints a table and writes bench/results/hotline.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import sqlite3
import ssl
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "hotline.json"
GOAL_P99_MS = 500.0


def wait_for_queue(timeout: float) -> None:
    """Until VN's outbox has nothing left to send."""
    from liaison.federation.models import OutboxEnvelope, OutboxStatus

    deadline = time.monotonic() + timeout
    while OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("VN's outbox did not drain; see the worker and server logs")
        time.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _pinned(node: Any) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(node.data_dir / "keys" / "tls_cert.pem"))


def session_cookie(node: Any, username: str, password: str) -> str:
    """Log in like a browser; returns the Cookie header of the session."""
    import httpx

    with httpx.Client(base_url=node.url, verify=_pinned(node), timeout=30) as client:
        client.get("/login/")
        token = next(v for k, v in client.cookies.items() if k.startswith("liaison_csrftoken"))
        answer = client.post(
            "/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{node.url}/login/"},
        )
        assert answer.status_code == 302, answer.text[:300]
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


class Listener(threading.Thread):
    """The LA page: a WebSocket to /ws/hotline/, recording when each alert's push arrives."""

    def __init__(self, node: Any, cookie: str) -> None:
        super().__init__(daemon=True)
        self.node, self.cookie = node, cookie
        self.arrived: dict[str, float] = {}
        self.ready = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        asyncio.run(self._listen())

    async def _listen(self) -> None:
        from websockets.asyncio.client import connect

        uri = self.node.url.replace("https://", "wss://") + "/ws/hotline/"
        headers = {"Cookie": self.cookie, "Origin": self.node.url}
        async with connect(uri, ssl=_pinned(self.node), additional_headers=headers, max_size=2**20) as socket:
            self.ready.set()
            while not self.stop.is_set():
                try:
                    raw = await asyncio.wait_for(socket.recv(), 0.5)
                except TimeoutError:
                    continue
                now = time.time()
                event = json.loads(raw)
                if event.get("event") == "raised" and event.get("incoming"):
                    self.arrived.setdefault(event["uid"], now)


class Bulk(threading.Thread):
    """Routine traffic to LA: `group` ping envelopes every `every` seconds, committed in one go."""

    def __init__(self, group: int, every: float) -> None:
        super().__init__(daemon=True)
        self.group, self.every = group, every
        self.sent = 0
        self.stop = threading.Event()

    def run(self) -> None:
        from django.db import connection, transaction

        from liaison.federation import outbox

        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    outbox.enqueue_many(
                        "federation.ping.v1", ({"n": i} for i in range(self.group)), to_party="LA"
                    )
                self.sent += self.group
                self.stop.wait(self.every)
        finally:
            connection.close()


def raise_alerts(count: int, rate: float, listener: Listener) -> dict[str, float]:
    """Raise `count` alerts at about `rate` per second; returns when each was raised, by uid."""
    from liaison.core.models import Officer, Unit
    from liaison.hotline import services

    duty = Officer.objects.get(username="vn.duty")
    svk = Unit.objects.get(code="LA-PS-SVK")
    raised: dict[str, float] = {}
    start = time.monotonic()
    for n in range(count):
        wait = start + n / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        at = time.time()
        alert = services.check_raise_alert(
            acting_user=duty, to_unit=svk, kind="other", subject=f"bench alert {n}", language="en"
        )
        raised[str(alert.uid)] = at
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(uid in listener.arrived for uid in raised):
        time.sleep(0.2)
    return raised


def delivered_on_la(la: Any, uids: list[str]) -> dict[str, float]:
    """When LA stored each alert (its delivery time), read from LA's database."""
    out: dict[str, float] = {}
    with sqlite3.connect(f"file:{la.data_dir / 'liaison.sqlite3'}?mode=ro", uri=True) as db:
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT uid, delivered_at FROM hotline_alert WHERE uid IN ({marks})",  # noqa: S608
                [u.replace("-", "") for u in chunk],
            ).fetchall()
            for uid, delivered in rows:
                at = dt.datetime.fromisoformat(delivered)
                out[str(uuid.UUID(uid))] = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).timestamp()
    return out


def bulk_delivered(since: float, until: float) -> int:
    """Routine envelopes VN's worker got receipts for between two moments (epoch seconds)."""
    from liaison.federation.models import OutboxEnvelope

    return OutboxEnvelope.objects.filter(
        type="federation.ping.v1",
        delivered_at__gte=dt.datetime.fromtimestamp(since, dt.UTC),
        delivered_at__lt=dt.datetime.fromtimestamp(until, dt.UTC),
    ).count()


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(values, 0.5),
        "p99_ms": percentile(values, 0.99),
        "max_ms": max(values) if values else float("nan"),
        "mean_ms": statistics.fmean(values) if values else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer alerts (a smoke run)")
    parser.add_argument("--rate", type=float, default=5.0, help="alerts per second")
    parser.add_argument("--bulk-group", type=int, default=100, help="routine envelopes per commit")
    parser.add_argument("--bulk-every", type=float, default=0.2, help="seconds between bulk commits")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="liaison-bench-hotline-"))
    os.environ["LIAISON_DATA_DIR"] = str(base / "vn")  # this process acts on VN's database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    from liaison.demo.core_data import DEMO_PASSWORD
    from liaison.demo.runner import DemoRunner, free_port

    counts = {"baseline": 200, "bulk": 1000} if not args.quick else {"baseline": 30, "bulk": 100}
    bulk_seconds = 30.0 if not args.quick else 10.0
    runner = DemoRunner(base_dir=base, ports={"VN": free_port(), "LA": free_port()})
    rows: list[dict[str, Any]] = []
    try:
        print("starting two nodes (migrate, demo data, peering, workers)…", flush=True)
        runner.start()
        vn, la = runner.nodes["VN"], runner.nodes["LA"]
        for node in (vn, la):
            deadline = time.monotonic() + 120
            while not list((node.data_dir / "wake").glob("*.port")):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"[{node.party}] delivery worker did not start")
                time.sleep(0.2)
        import django

        django.setup()
        listener = Listener(la, session_cookie(la, "la.duty", DEMO_PASSWORD))
        listener.start()
        if not listener.ready.wait(30):
            raise RuntimeError("the LA WebSocket did not open")
        raise_alerts(3, args.rate, listener)  # warm both nodes' code paths and connections

        for phase in ("alerts alone", "bulk alone", "alerts with bulk"):
            alerts = counts["bulk"] if phase == "alerts with bulk" else counts["baseline"]
            with_bulk = phase != "alerts alone"
            bulk = Bulk(group=args.bulk_group, every=args.bulk_every) if with_bulk else None
            if bulk is not None:
                bulk.start()
                time.sleep(2)  # let the bulk traffic reach a steady flow first
            load = os.getloadavg()[0]
            started, wall_start = time.monotonic(), time.time()
            sent_before = bulk.sent if bulk else 0
            if phase == "bulk alone":
                print(
                    f"{phase}: {args.bulk_group} envelopes every {args.bulk_every}s for {bulk_seconds:.0f}s…"
                )
                time.sleep(bulk_seconds)
                raised: dict[str, float] = {}
            else:
                print(f"{phase}: {alerts} alerts at {args.rate:.0f}/s…", flush=True)
                raised = raise_alerts(alerts, args.rate, listener)
            seconds, wall_end = time.monotonic() - started, time.time()
            if bulk is not None:
                bulk.stop.set()
                bulk.join()
            arrived = {u: listener.arrived[u] for u in raised if u in listener.arrived}
            stored = delivered_on_la(la, list(raised)) if raised else {}
            latencies = [(arrived[u] - raised[u]) * 1000 for u in arrived]
            to_la = [(stored[u] - raised[u]) * 1000 for u in arrived if u in stored]
            push = [(arrived[u] - stored[u]) * 1000 for u in arrived if u in stored]
            rows.append(
                {
                    "phase": phase,
                    "alerts": len(raised),
                    "arrived": len(arrived),
                    **summary(latencies),
                    "to_la": summary(to_la),
                    "push": summary(push),
                    "seconds": seconds,
                    "bulk_offered_per_second": ((bulk.sent - sent_before) / seconds) if bulk else 0.0,
                    "bulk_delivered_per_second": bulk_delivered(wall_start, wall_end) / seconds
                    if bulk
                    else 0.0,
                    "load_average_before": load,
                }
            )
            if bulk is not None:
                wait_for_queue(timeout=300)  # each phase starts from an empty queue
        listener.stop.set()
    finally:
        runner.stop()

    print()
    print(
        f"{'phase':<16} | {'alerts':>6} | {'arrived':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | "
        f"{'p99 to LA':>9} | {'p99 push':>8} | {'bulk offered/s':>14} | {'bulk delivered/s':>16}"
    )
    print("-" * 124)
    for r in rows:
        numbers = (
            f"{r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | {r['max_ms']:>7.1f} | "
            f"{r['to_la']['p99_ms']:>9.1f} | {r['push']['p99_ms']:>8.1f}"
            if r["alerts"]
            else f"{'':>7} | {'':>7} | {'':>7} | {'':>9} | {'':>8}"
        )
        print(
            f"{r['phase']:<16} | {r['alerts']:>6} | {r['arrived']:>7} | {numbers} | "
            f"{r['bulk_offered_per_second']:>14.0f} | {r['bulk_delivered_per_second']:>16.0f}"
        )
    alone, bulk_alone, with_bulk = rows
    met = with_bulk["p99_ms"] < GOAL_P99_MS and with_bulk["arrived"] == with_bulk["alerts"]
    bulk_kept = with_bulk["bulk_delivered_per_second"] / max(1e-9, bulk_alone["bulk_delivered_per_second"])
    print(
        f"\ngoal: p99 < {GOAL_P99_MS:.0f} ms with bulk traffic: {'met' if met else 'NOT met'} "
        f"(p99 {with_bulk['p99_ms']:.0f} ms; alerts alone p99 {alone['p99_ms']:.0f} ms)"
    )
    print(
        f"bulk delivered with alerts: {with_bulk['bulk_delivered_per_second']:.0f}/s, "
        f"{bulk_kept:.0%} of the {bulk_alone['bulk_delivered_per_second']:.0f}/s without alerts"
    )
    loads = ", ".join(f"{r['load_average_before']:.1f}" for r in rows)
    print(f"load average before each phase: {loads} on {os.cpu_count()} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "hotline",
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "database": "sqlite (WAL)",
                    "channel_layer": "redis" if os.environ.get("LIAISON_REDIS_URL") else "in-memory",
                },
                "quick": args.quick,
                "rate_per_second": args.rate,
                "goal_p99_ms": GOAL_P99_MS,
                "goal_met": met,
                "bulk_group": args.bulk_group,
                "bulk_every_seconds": args.bulk_every,
                "bulk_delivered_with_alerts_vs_without": bulk_kept,
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
