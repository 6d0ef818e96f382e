"""Federation benchmark: envelopes per second delivered end to end, and latency from commit to
receipt, for batches of 1, 10 and 100, between two real nodes (VN → LA) over mutual TLS on
loopback; and, in the same run, bare HTTPS POSTs of the same bodies to a server that only reads
them (no signature, no database), so the table shows how far from that limit we are.

    .venv/bin/python bench/federation.py [--quick]
    .venv/bin/python bench/federation.py --against dd0fbdf [--rounds 3]

Prints a table and writes bench/results/federation.json.

`--against REV` compares this tree with a git revision on the same machine in one run: the two are
benchmarked in turn, `--rounds` times each (the revision from a temporary git worktree, with its own
copy of this benchmark), and the table gives each one's batch-1 rate against its own batch-100 rate,
so a machine that is busier in one round than another moves both figures of that round alike.
Writes bench/results/federation-against.json.

Throughput: N envelopes are queued with the worker stopped, then the worker drains them; the
rate is taken between the first and the last receipt (so process start-up is not counted).
Latency: with the worker running, envelopes are committed in groups of the batch size at about
half the measured rate; latency is the time from the commit to the worker's recording the
receipt, per envelope (p50, p99).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "federation.json"
BATCHES = (1, 10, 100)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- the bare HTTPS baseline ---------------------------------------------------------------------


def baseline_server(port: int, cert: str, key: str) -> None:
    """uvicorn with the same TLS set-up (client certificate asked for), an app that reads the body."""
    import uvicorn

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        size = 0
        while more:
            message = await receive()
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
        body = json.dumps({"received": size}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def factory(_config: Any, _default: Any) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.load_verify_locations(cafile=cert)
        context.verify_mode = ssl.CERT_OPTIONAL
        return context

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ssl_context_factory=factory)


def run_baseline(
    cert: str, key: str, bodies: dict[int, bytes], requests: dict[int, int]
) -> dict[int, dict[str, float]]:
    import httpx

    from liaison.demo.runner import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--baseline-server", str(port), cert, key])
    try:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.load_verify_locations(cafile=cert)
        context.load_cert_chain(cert, key)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        out: dict[int, dict[str, float]] = {}
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=context) as client:
            for size, body in bodies.items():
                for _ in range(5):  # warm up the connection
                    client.post("/", content=body, headers={"Content-Type": "application/json"})
                latencies = []
                start = time.perf_counter()
                for _ in range(requests[size]):
                    t0 = time.perf_counter()
                    client.post("/", content=body, headers={"Content-Type": "application/json"})
                    latencies.append(time.perf_counter() - t0)
                elapsed = time.perf_counter() - start
                out[size] = {
                    "per_second": size * requests[size] / elapsed,
                    "p50_ms": percentile(latencies, 0.5) * 1000,
                    "p99_ms": percentile(latencies, 0.99) * 1000,
                }
        return out
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


# --- the real thing ----------------------------------------------------------------------------


def start_worker(node: Any, batch: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liaison",
            "worker",
            "--batch",
            str(batch),
            "--poll",
            "0.01",
            "--max-backoff",
            "1",
        ],
        env=node.env(),
        stdout=node.log_file("worker").open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=20)


def wait_delivered(timeout: float) -> None:
    """Until VN's outbox has nothing left to send (a cheap query, polled slowly: the benchmark must
    not steal CPU from the nodes it measures)."""
    from liaison.federation.models import OutboxEnvelope, OutboxStatus

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).exists():
            return
        time.sleep(0.2)
    raise RuntimeError("envelopes not delivered in time; see the worker and server logs")


def queue(count: int, group: int) -> tuple[list[str], list[float]]:
    """Commit `count` pings in transactions of `group`; returns ids and each one's commit time."""
    from django.db import transaction

    from liaison.federation import outbox
    from liaison.federation.envelopes import PING

    ids: list[str] = []
    commits: list[float] = []
    for start in range(0, count, group):
        n = min(group, count - start)
        with transaction.atomic():
            new = outbox.enqueue_many(
                PING.wire_type, ({"n": start + i, "pad": "x" * 200} for i in range(n)), to_party="LA"
            )
        now = time.time()
        ids += new
        commits += [now] * n
    return ids, commits


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(vn: Any, la: Any, batch: int, count: int, latency_count: int) -> dict[str, float]:
    from liaison.federation.models import OutboxEnvelope

    ids, _ = queue(count, 500)
    load_before = os.getloadavg()[0]
    worker = start_worker(vn, batch)
    try:
        # CPU used by the receiving server and the sending worker while the queue drains, from
        # the first receipt on (the worker's start-up is not counted): what bounds the rate. A
        # process near 1.0 core is the limit; well under it, the two wait on each other.
        processes = {"receiver": la.server.pid, "worker": worker.pid}
        delivered = OutboxEnvelope.objects.filter(id__in=ids, delivered_at__isnull=False)
        while not delivered.exists():
            time.sleep(0.02)
        cpu_before = {name: cpu_seconds(pid) for name, pid in processes.items()}
        drain_start, delivered_before = time.monotonic(), delivered.count()
        wait_delivered(timeout=600)
        drain = time.monotonic() - drain_start
        drained = len(ids) - delivered_before
        cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in processes.items()}
        times = sorted(
            t.timestamp()
            for t in OutboxEnvelope.objects.filter(id__in=ids).values_list("delivered_at", flat=True)
        )
        span = times[-1] - times[0]
        throughput = (len(ids) - batch) / span if span > 0 else float("nan")
        # latency: commit groups of `batch` at about half that rate
        interval = batch / max(1.0, throughput / 2)
        lat_ids: list[str] = []
        commit_at: dict[str, float] = {}
        for _ in range(max(1, latency_count // batch)):
            t0 = time.time()
            new, commits = queue(batch, batch)
            lat_ids += new
            commit_at.update(zip(new, commits, strict=True))
            time.sleep(max(0.0, interval - (time.time() - t0)))
        wait_delivered(timeout=120)
        rows = OutboxEnvelope.objects.filter(id__in=lat_ids).values_list("id", "delivered_at")
        latencies = [d.timestamp() - commit_at[i] for i, d in rows]
    finally:
        stop(worker)
    return {
        "per_second": throughput,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "envelopes": len(ids),
        "receiver_cores": cpu["receiver"] / drain,
        "worker_cores": cpu["worker"] / drain,
        "receiver_cpu_us_per_envelope": cpu["receiver"] / drained * 1e6,
        "worker_cpu_us_per_envelope": cpu["worker"] / drained * 1e6,
        "latency_samples": len(latencies),
        # 1-minute load average before the run: the nodes share the machine with whatever else
        # runs on it, so a load near or above the core count depresses the figures.
        "load_average_before": load_before,
    }


AGAINST = ROOT / "bench" / "results" / "federation-against.json"


def _run_once(tree: Path, quick: bool, extra_path: Path | None) -> dict[str, Any]:
    """One full run of `tree`'s own benchmark in a new process; its JSON results."""
    env = {k: v for k, v in os.environ.items() if k != "LIAISON_DATA_DIR"}
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)  # that tree's code, not the installed one
    command = [sys.executable, str(tree / "bench" / "federation.py"), *(["--quick"] if quick else [])]
    subprocess.run(command, cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads((tree / "bench" / "results" / "federation.json").read_text())


def _rates(result: dict[str, Any]) -> tuple[float, float]:
    by_batch = {row["batch"]: row["per_second"] for row in result["rows"]}
    return by_batch[1], by_batch[100]


def against(revision: str, rounds: int, quick: bool) -> int:
    """This tree and `revision`, benchmarked in turn; batch 1 against batch 100 for each."""
    other = Path(tempfile.mkdtemp(prefix="liaison-bench-rev-")) / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), revision],
        check=True,
        capture_output=True,
    )
    runs: list[dict[str, Any]] = []
    try:
        for round_ in range(1, rounds + 1):
            for label, tree, path in (("this tree", ROOT, None), (revision, other, other / "src")):
                print(f"round {round_}: {label}…", flush=True)
                batch_1, batch_100 = _rates(_run_once(tree, quick, path))
                runs.append(
                    {
                        "round": round_,
                        "code": label,
                        "batch_1_per_second": batch_1,
                        "batch_100_per_second": batch_100,
                        "ratio": batch_1 / batch_100,
                        "load_average_after": os.getloadavg()[0],
                    }
                )
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
    print(f"\n{'round':>5} | {'code':>10} | {'batch 1 env/s':>13} | {'batch 100 env/s':>15} | {'1 / 100':>7}")
    print("-" * 64)
    for run in runs:
        print(
            f"{run['round']:>5} | {run['code']:>10} | {run['batch_1_per_second']:>13.0f} | "
            f"{run['batch_100_per_second']:>15.0f} | {run['ratio']:>7.3f}"
        )
    ours = statistics.median(r["ratio"] for r in runs if r["code"] == "this tree")
    theirs = statistics.median(r["ratio"] for r in runs if r["code"] == revision)
    rate_ours = statistics.median(r["batch_1_per_second"] for r in runs if r["code"] == "this tree")
    rate_theirs = statistics.median(r["batch_1_per_second"] for r in runs if r["code"] == revision)
    print(
        f"\nmedian batch 1 / batch 100: this tree {ours:.3f}, {revision} {theirs:.3f}: "
        f"{ours / theirs:.1f}× (batch 1 alone: {rate_ours / rate_theirs:.1f}×)"
    )
    AGAINST.parent.mkdir(parents=True, exist_ok=True)
    AGAINST.write_text(
        json.dumps(
            {
                "benchmark": "federation-against",
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "against": revision,
                "cpus": os.cpu_count(),
                "quick": quick,
                "runs": runs,
                "median_ratio": {"this tree": ours, revision: theirs},
                "ratio_improvement": ours / theirs,
                "batch_1_improvement": rate_ours / rate_theirs,
            },
            indent=2,
        )
    )
    print(f"written to {AGAINST.relative_to(ROOT)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer envelopes (a smoke run)")
    parser.add_argument("--against", metavar="REV", help="compare with this git revision, in turn")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each with --against")
    parser.add_argument("--baseline-server", nargs=3, metavar=("PORT", "CERT", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_server:
        port, cert, key = args.baseline_server
        baseline_server(int(port), cert, key)
        return 0
    if args.against:
        return against(args.against, args.rounds, args.quick)

    base = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    os.environ["LIAISON_DATA_DIR"] = str(base / "vn")  # this process acts on VN's database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    from liaison.demo.runner import DemoRunner, free_port

    runner = DemoRunner(base_dir=base, ports={"VN": free_port(), "LA": free_port()}, with_workers=False)
    counts = {1: 300, 10: 2000, 100: 6000} if not args.quick else {1: 100, 10: 500, 100: 1000}
    latency_counts = {1: 100, 10: 300, 100: 1000} if not args.quick else {1: 30, 10: 100, 100: 200}
    results: dict[str, Any] = {}
    try:
        for node in runner.nodes.values():
            node.data_dir.mkdir(parents=True, exist_ok=True)
            node.liaison("migrate", "--noinput", "-v", "0")
            node.liaison("node", "init", "--party", node.party, "--url", node.url, capture=True)
            node.start()
        for node in runner.nodes.values():
            node.wait_ready()
        runner.peer()
        import django

        django.setup()
        vn, la = runner.nodes["VN"], runner.nodes["LA"]
        for batch in BATCHES:
            print(f"batch {batch}: {counts[batch]} envelopes…", flush=True)
            results[str(batch)] = measure(vn, la, batch, counts[batch], latency_counts[batch])
        from liaison.federation.models import OutboxEnvelope

        sample = [OutboxEnvelope.objects.order_by("seq").first().body]  # type: ignore[union-attr]
        bodies = {b: json.dumps({"v": 1, "envelopes": sample * b}).encode() for b in BATCHES}
        baseline = run_baseline(
            str(vn.data_dir / "keys" / "tls_cert.pem"),
            str(vn.data_dir / "keys" / "tls_key.pem"),
            bodies,
            {1: 1000, 10: 500, 100: 100},
        )
        with sqlite3.connect(la.data_dir / "liaison.sqlite3") as db:
            applied = db.execute("select count(*) from federation_inboxenvelope").fetchone()[0]
    finally:
        runner.stop()

    rows = []
    print()
    print(
        f"{'batch':>5} | {'env/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} || {'bare HTTPS env/s':>16} | "
        f"{'p50 ms':>7} | {'ratio':>6}"
    )
    print("-" * 80)
    for batch in BATCHES:
        ours, bare = results[str(batch)], baseline[batch]
        ratio = ours["per_second"] / bare["per_second"]
        rows.append({"batch": batch, **ours, "baseline": bare, "ratio_to_baseline": ratio})
        print(
            f"{batch:>5} | {ours['per_second']:>8.0f} | {ours['p50_ms']:>7.1f} | {ours['p99_ms']:>7.1f} || "
            f"{bare['per_second']:>16.0f} | {bare['p50_ms']:>7.2f} | {ratio:>6.1%}"
        )
    print(
        "\nCPU while the queue drained (cores busy, and CPU µs per envelope): receiving server | "
        "sending worker"
    )
    for row in rows:
        print(
            f"{row['batch']:>5} | {row['receiver_cores']:.2f} cores, "
            f"{row['receiver_cpu_us_per_envelope']:.0f} µs | {row['worker_cores']:.2f} cores, "
            f"{row['worker_cpu_us_per_envelope']:.0f} µs"
        )
    best = max(r["per_second"] for r in rows)
    print(
        f"\nbest: {best:.0f} envelopes/s (target ≥ 2000 with batching); {applied} applied on LA in this run"
    )
    loads = ", ".join(f"{r['load_average_before']:.1f}" for r in rows)
    print(f"load average before each batch size: {loads} on {os.cpu_count()} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "federation",
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "database": "sqlite (WAL)",
                },
                "quick": args.quick,
                "rows": rows,
                "target_per_second": 2000,
                "best_per_second": best,
                "median_baseline_p50_ms": statistics.median(b["p50_ms"] for b in baseline.values()),
            },
            indent=2,
        )
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
