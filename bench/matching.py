"""Name-matching benchmark: accuracy on the labelled set, then speed of the index at scale.

    .venv/bin/python bench/matching.py [--persons 1000000] [--queries 400] [--scan-queries 40]
                                       [--stores memory,sqlite,postgres]

(a) Accuracy. Every pair of tests/data/name_pairs.csv is scored by ``same_person`` (our default
    threshold) and, in the same run, by the naive baseline the issue names: anyascii folding and
    ``rapidfuzz.fuzz.ratio``, at its best threshold (best F1 over all thresholds; also its recall
    at the best threshold that keeps precision ≥ 0.95). A word-order-free variant of the baseline
    (``token_sort_ratio``) is shown too.
(b) Speed. N generated persons (Vietnamese names with realistic family-name frequencies, Lao
    names from syllables, half of them in Lao script) go into each store: ``Index`` (in process),
    ``SqliteIndex`` (a file in a temporary directory) and, if PostgreSQL answers on 127.0.0.1,
    ``PgIndex`` (in a database of its own, dropped afterwards), each loaded in one bulk call.
    Reported per store: build time, the RSS building adds to this process, size on disk, p50/p99
    wall-clock latency and CPU time of ``search`` over a fixed query set (held persons written
    otherwise or in another script, and persons nobody holds), whether its answers are those of
    the first store, and its speed-up over a brute-force baseline run in the same process:
    ``rapidfuzz.process.extract`` with ``fuzz.ratio`` over the anyascii-folded names of all N
    persons (C++ scan, the fastest brute force rapidfuzz offers), on a subset of the queries.

Prints a table and writes bench/results/matching.json. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz, process

from liaison.matching import HIT_THRESHOLD, Index, Person, SqliteIndex, compare, romanise, same_person
from liaison.matching.lao import is_lao
from liaison.matching.normalise import fold_latin
from liaison.matching.pg import PgIndex

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "matching.json"
PAIRS = ROOT / "tests" / "data" / "name_pairs.csv"
GOAL_PERSONS = 1_000_000  # issue 12: p99 under 50 ms and 20 times the scan, at this many persons


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS), or its peak since the last reset (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux 4.0 and later; elsewhere the peak is the
    process's peak so far, which the table then overstates)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


# --- (a) accuracy ----------------------------------------------------------------------------------


def confusion(predicted: list[bool], truth: list[bool]) -> dict[str, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    recall = tp / (tp + fn) if tp + fn else float("nan")
    precision = tp / (tp + fp) if tp + fp else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"recall": recall, "precision": precision, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def baseline(scores: list[float], truth: list[bool]) -> dict[str, Any]:
    """The baseline at its best-F1 threshold, and its best recall at precision ≥ 0.95."""
    best: dict[str, Any] = {"f1": -1.0}
    at_precision: dict[str, Any] = {"recall": 0.0}
    for threshold in sorted(set(scores)):
        c = confusion([s >= threshold for s in scores], truth)
        if c["f1"] > best["f1"]:
            best = {**c, "threshold": threshold}
        if c["precision"] >= 0.95 and c["recall"] > at_precision["recall"]:
            at_precision = {**c, "threshold": threshold}
    return {"best_f1": best, "best_recall_at_precision_0.95": at_precision}


def accuracy() -> dict[str, Any]:
    with PAIRS.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    truth = [r["same"] == "true" for r in rows]
    started = time.perf_counter()
    ours = confusion([same_person(r["a"], r["b"]) for r in rows], truth)
    ours_ms = (time.perf_counter() - started) * 1000 / len(rows)
    folded = [(anyascii(r["a"]).lower(), anyascii(r["b"]).lower()) for r in rows]
    naive = baseline([fuzz.ratio(a, b) for a, b in folded], truth)
    sorted_tokens = baseline([fuzz.token_sort_ratio(a, b) for a, b in folded], truth)
    sources = {"real (seeds, design page, issue)": 0, "generated": 0}
    for r in rows:
        sources["generated" if "generated:" in r["source"] else "real (seeds, design page, issue)"] += 1
    return {
        "pairs": len(rows),
        "same": sum(truth),
        "sources": sources,
        "ours": {**ours, "threshold": HIT_THRESHOLD, "ms_per_pair": ours_ms},
        "baseline_anyascii_ratio": naive,
        "baseline_anyascii_token_sort_ratio": sorted_tokens,
    }


# --- (b) generated persons ------------------------------------------------------------------------

# Approximate shares of Vietnamese family names (Nguyễn about 38 %); the tail is spread evenly.
VN_FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 3.9), ("Võ", 3), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.5), ("Trịnh", 0.5), ("Lương", 0.5), ("Tô", 0.3),
    ("Mai", 0.3), ("Đoàn", 0.3), ("Cao", 0.3), ("Lâm", 0.3), ("Hà", 0.3), ("Chu", 0.2), ("Kiều", 0.2),
]  # fmt: skip
VN_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Công", "Xuân", "Ngọc", "Thanh", "Kim", "Thu",
             "Đình", "Quang", "Bá", "Trọng", "Tam", "Mạnh", "Hoài", "Phương"]  # fmt: skip
VN_GIVEN = (  # noqa: SIM905
    "An Anh Bình Bảo Cường Chi Chiến Dũng Dung Duy Đạt Đông Đức Giang Hà Hải Hạnh Hiếu Hiền Hoa Hòa Hùng "
    "Hưng Hương Huy Khánh Khoa Lan Linh Long Lộc Mai Minh Nam Nga Ngân Ngọc Nhung Oanh Phong Phúc Phương "
    "Quân Quang Quyên Sơn Tâm Tân Thảo Thắng Thành Thanh Thịnh Thủy Tiến Trang Trung Tú Tuấn Tùng Uyên "
    "Việt Vinh Vy Xuân Yến Khải Kiên Lâm Lực Nghĩa Nhân Phát Sang Thái Toàn Trí Vũ"
).split()
LAO_SYLLABLES = (  # noqa: SIM905
    "ສົມ ສັກ ບຸນ ມີ ຄຳ ພັນ ທອງ ວັນ ນະ ພອນ ສະ ຫວັນ ໄຊ ບູນ ສີ ສຸ ລິ ຍາ ອຸ ດົມ ດວງ ໃຈ ມະ ນີ ສຸກ ພູ ຈັນ ທະ "
    "ລາ ແສງ ແພງ ວົງ ເດືອນ ພົມ ແກ້ວ ວິ ໄລ ກອນ ພິມ ອິນ ຫາ ລາດ ເສ ນາ ກົງ ສອນ ຄູນ ເພັດ ອ່ອນ ຫຼ້າ ບົວ ໂຄດ ເຂັມ ຕາ"
).split()


def generated_person(rng: random.Random, vn_weights: list[float]) -> tuple[Person, str | None]:
    """A person, and the Lao-script form of its name when it is held romanised (else None)."""
    birth = f"{rng.randint(1950, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sex = rng.choice("MF")
    if rng.random() < 0.6:
        family = rng.choices(VN_FAMILY, weights=vn_weights)[0][0]
        middle = "Thị" if sex == "F" and rng.random() < 0.6 else rng.choice(VN_MIDDLE)
        name = f"{family} {middle} {rng.choice(VN_GIVEN)}"
        if rng.random() < 0.3:
            name = fold_latin(name).title()  # many records are typed without diacritics
        return Person((name,), birth, sex, "VN"), None
    given = "".join(rng.choices(LAO_SYLLABLES, k=rng.choice((1, 2, 2, 2))))
    family = "".join(rng.choices(LAO_SYLLABLES, k=rng.choice((2, 3, 3))))
    name = f"{given} {family}"
    if rng.random() < 0.5:
        return Person((rng.choice(romanise(name)).title(),), birth, sex, "LA"), name
    return Person((name,), birth, sex, "LA"), None


def variant_of(rng: random.Random, name: str) -> str:
    """A query written differently from the record: another romanisation, no diacritics, order."""
    if is_lao(name):
        return rng.choice(romanise(name)).title()
    words = fold_latin(name).split()
    if rng.random() < 0.5:
        words = words[-1:] + words[:-1]
    return " ".join(w.upper() if i == 0 else w for i, w in enumerate(words))


@dataclass
class Workload:
    people: list[Person]
    queries: list[str]
    held: list[int | None]  # the person each query was made from, None for an unknown person
    kinds: list[str]


def workload(persons: int, n_queries: int, seed: int) -> Workload:
    """N persons and a fixed query set: 40 % held persons written differently (another
    romanisation, no diacritics, family name moved), 10 % held romanised Lao persons asked in Lao
    script, 50 % persons nobody holds (Vietnamese, Lao script and romanised Lao alike)."""
    rng = random.Random(seed)
    weights = [w for _, w in VN_FAMILY]
    people, originals = [], {}
    for number in range(persons):
        person, original = generated_person(rng, weights)
        people.append(person)
        if original:
            originals[number] = original
    n_variants, n_script = n_queries * 2 // 5, n_queries // 10
    held: list[int | None] = list(rng.sample(range(persons), n_variants))
    queries = [variant_of(rng, people[i].names[0]) for i in held if i is not None]
    kinds = ["variant of a held person"] * len(queries)
    for number in rng.sample(sorted(originals), min(n_script, len(originals))):
        held.append(number)
        queries.append(originals[number])
        kinds.append("held romanised, asked in Lao script")
    while len(queries) < n_queries:
        held.append(None)
        queries.append(generated_person(rng, weights)[0].names[0])
        kinds.append("unknown person")
    return Workload(people, queries, held, kinds)


def timed_search(index: Any, queries: list[str]) -> tuple[list[float], list[list[tuple[str, float]]], float]:
    """Wall-clock latency of each query, the answers, and the mean CPU milliseconds per query (the
    machine is shared: CPU time shows the cost of a query apart from waiting for a core)."""
    latencies, answers = [], []
    cpu = time.process_time()
    for query in queries:
        t0 = time.perf_counter()
        answers.append(index.search(query, limit=10))
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, answers, (time.process_time() - cpu) * 1000 / max(1, len(queries))


def measure(store: str, build: Callable[[], Any], work: Workload) -> tuple[dict[str, Any], list[Any]]:
    """Build a store (timed, with the RSS it adds to this process), then time the queries."""
    gc.collect()
    before = rss_mb()
    reset_peak_rss()
    print(f"building {store}…", flush=True)
    started = time.perf_counter()
    index, disk = build()
    build_s = time.perf_counter() - started
    gc.collect()
    peak = rss_mb("VmHWM") - before
    rss = rss_mb() - before
    for query in work.queries[:20]:  # warm caches as a running node would have them
        index.search(query)
    latencies, answers, cpu_ms = timed_search(index, work.queries)
    if hasattr(index, "close"):
        index.close()
    del index
    figures = {
        "persons": len(work.people),
        "build_s": build_s,
        "rss_growth_mb": rss,
        "rss_peak_growth_mb": peak,
        "disk_mb": disk() if disk else None,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "cpu_ms_per_query": cpu_ms,  # this process only: PostgreSQL's own work is not in it
        "latencies_ms": latencies,
    }
    return figures, answers


def in_process(work: Workload) -> tuple[Any, None]:
    index = Index()
    for number, person in enumerate(work.people):
        index.add(str(number), person)
    return index, None


def in_sqlite(work: Workload, directory: Path) -> tuple[Any, Callable[[], float]]:
    path = directory / "names.sqlite3"
    index = SqliteIndex(path)
    index.add_many((str(number), person) for number, person in enumerate(work.people))
    return index, lambda: sum(f.stat().st_size for f in directory.iterdir()) / 1e6


def in_postgres(work: Workload, connection: Any) -> tuple[Any, Callable[[], float]]:
    index = PgIndex(connection)
    index.add_many((str(number), person) for number, person in enumerate(work.people))
    size = (
        "SELECT (pg_total_relation_size('matching_person') "
        "+ pg_total_relation_size('matching_person_posting')) / 1e6"
    )
    return index, lambda: float(connection.execute(size).fetchone()[0])


def postgres_server() -> Any:
    """A connection to the PostgreSQL server on 127.0.0.1:5432, or None."""
    import psycopg

    try:
        return psycopg.connect(
            host="127.0.0.1",
            port=5432,
            user=os.environ.get("PGUSER", "postgres"),
            dbname="postgres",
            autocommit=True,
            connect_timeout=2,
        )
    except psycopg.OperationalError:
        return None


def scan_baseline(work: Workload, n: int) -> tuple[dict[str, Any], list[int]]:
    """rapidfuzz's C++ scan of every folded name, on n queries (half held, half unknown)."""
    print("brute-force scan baseline…", flush=True)
    choices = [anyascii(p.names[0]).lower() for p in work.people]
    known = [i for i, h in enumerate(work.held) if h is not None][: n // 2]
    sample = known + [i for i, h in enumerate(work.held) if h is None][: n - len(known)]
    latencies = []
    cpu = time.process_time()
    for i in sample:
        t0 = time.perf_counter()
        process.extract(anyascii(work.queries[i]).lower(), choices, scorer=fuzz.ratio, limit=10)
        latencies.append((time.perf_counter() - t0) * 1000)
    figures = {
        "queries": len(sample),
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "cpu_ms_per_query": (time.process_time() - cpu) * 1000 / len(sample),
    }
    return figures, sample


def speed(persons: int, n_queries: int, scan_queries: int, stores: list[str], seed: int) -> dict[str, Any]:
    print(f"generating {persons:,} persons…", flush=True)
    work = workload(persons, n_queries, seed)
    out: dict[str, Any] = {
        "persons": persons,
        "queries": len(work.queries),
        "query_kinds": {k: work.kinds.count(k) for k in dict.fromkeys(work.kinds)},
        "stores": {},
    }
    answers: dict[str, list[Any]] = {}
    if "memory" in stores:
        out["stores"]["in process (Index)"], answers["memory"] = measure(
            "the in-process index", lambda: in_process(work), work
        )
    if "sqlite" in stores:
        with tempfile.TemporaryDirectory(prefix="liaison-bench-") as directory:
            out["stores"]["SQLite (SqliteIndex)"], answers["sqlite"] = measure(
                "the SQLite index", lambda: in_sqlite(work, Path(directory)), work
            )
    if "postgres" in stores:
        admin = postgres_server()
        if admin is None:
            print("no PostgreSQL on 127.0.0.1:5432: PgIndex skipped")
        else:
            import psycopg

            name = f"liaison_matching_bench_{os.getpid()}"
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                with psycopg.connect(admin.info.dsn, dbname=name, autocommit=True) as connection:
                    out["stores"]["PostgreSQL (PgIndex)"], answers["postgres"] = measure(
                        "the PostgreSQL index", lambda: in_postgres(work, connection), work
                    )
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()

    reference = next(iter(answers.values()))
    for store, figures in zip(answers, out["stores"].values(), strict=True):
        figures["same_answers"] = sum(a == b for a, b in zip(answers[store], reference, strict=True))
    # The held person scores as high as the first answer (exact namesakes tie with it and may
    # fill the ten places); as a hit: at the hit threshold.
    found = {"first": 0, "hit": 0}
    for query, number, answer in zip(work.queries, work.held, reference, strict=True):
        if number is None or not answer:
            continue
        value = compare(Person((query,)), work.people[number]).score
        found["first"] += value >= answer[0][1] - 1e-9
        found["hit"] += value >= HIT_THRESHOLD and answer[0][1] >= HIT_THRESHOLD
    asked = sum(h is not None for h in work.held)
    out["held_found_first"] = found["first"] / asked
    out["held_found_as_hit"] = found["hit"] / asked

    scan, sample = scan_baseline(work, scan_queries)
    out["scan_baseline"] = scan
    for figures in out["stores"].values():
        same = [figures["latencies_ms"][i] for i in sample]
        figures["speedup_mean"] = scan["mean_ms"] / statistics.fmean(same)
        figures["speedup_p50"] = scan["p50_ms"] / percentile(same, 0.5)
        if figures is not out["stores"].get("PostgreSQL (PgIndex)"):  # its CPU is mostly the server's
            figures["speedup_cpu"] = scan["cpu_ms_per_query"] / figures["cpu_ms_per_query"]
        # The goal is set at a million persons (at fewer, the scan itself takes only a few ms).
        met = figures["p99_ms"] < 50 and figures["speedup_mean"] >= 20
        figures["goal_met"] = met if persons >= GOAL_PERSONS else None
        del figures["latencies_ms"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--scan-queries", type=int, default=40)
    parser.add_argument(
        "--stores",
        default="memory,sqlite,postgres",
        help="comma-separated: memory, sqlite, postgres (skipped if no server answers on 127.0.0.1)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if unknown := set(stores) - {"memory", "sqlite", "postgres"}:
        parser.error(f"unknown store {', '.join(sorted(unknown))}: give memory, sqlite or postgres")

    acc = accuracy()
    ours, naive = acc["ours"], acc["baseline_anyascii_ratio"]["best_f1"]
    naive95 = acc["baseline_anyascii_ratio"]["best_recall_at_precision_0.95"]
    tsort = acc["baseline_anyascii_token_sort_ratio"]["best_f1"]
    print(f"\n(a) labelled set: {acc['pairs']} pairs ({acc['same']} same), {acc['sources']}")
    print(f"{'matcher':<44} | {'threshold':>9} | {'recall':>6} | {'precision':>9} | {'F1':>5}")
    print("-" * 84)
    for label, row in (
        ("ours: same_person", ours),
        ("baseline anyascii + fuzz.ratio (best F1)", naive),
        ("  same, best recall at precision ≥ 0.95", naive95),
        ("anyascii + token_sort_ratio (best F1)", tsort),
    ):
        if "threshold" not in row:
            print(f"{label:<44} | no threshold reaches that precision")
            continue
        threshold = row["threshold"]
        print(
            f"{label:<44} | {threshold:>9.2f} | {row.get('recall', float('nan')):>6.3f} | "
            f"{row.get('precision', float('nan')):>9.3f} | {row.get('f1', float('nan')):>5.3f}"
        )
    goal_a = ours["recall"] >= 0.98 and ours["precision"] >= 0.95
    print(f"goal recall ≥ 0.98 at precision ≥ 0.95: {'met' if goal_a else 'NOT met'}")

    spd = speed(args.persons, args.queries, args.scan_queries, stores, args.seed)
    scan = spd["scan_baseline"]
    print(f"\n(b) {spd['persons']:,} generated persons, {spd['queries']} queries: {spd['query_kinds']}")
    header = (
        f"{'store':<22} | {'build s':>7} | {'RSS MB':>6} | {'peak MB':>7} | {'disk MB':>7} | {'p50 ms':>6} | "
        f"{'p99 ms':>6} | "
        f"{'CPU ms/q':>8} | {'× scan':>6} | {'same':>7} | goal"
    )
    print(header)
    print("-" * len(header))
    for store, f in spd["stores"].items():
        disk = "-" if f["disk_mb"] is None else f"{f['disk_mb']:.0f}"
        print(
            f"{store:<22} | {f['build_s']:>7.1f} | {f['rss_growth_mb']:>6.0f} | "
            f"{f['rss_peak_growth_mb']:>7.0f} | {disk:>7} | "
            f"{f['p50_ms']:>6.2f} | {f['p99_ms']:>6.2f} | {f['cpu_ms_per_query']:>8.2f} | "
            f"{f['speedup_mean']:>5.{0 if f['speedup_mean'] >= 10 else 1}f}× | "
            f"{f['same_answers']:>3}/{spd['queries']:<3} | "
            f"{ {True: 'met', False: 'NOT met', None: '-'}[f['goal_met']] }"
        )
    print(
        f"{'rapidfuzz scan':<22} | {'-':>7} | {'-':>6} | {'-':>7} | {'-':>7} | {scan['p50_ms']:>6.1f} | "
        f"{scan['p99_ms']:>6.1f} | {scan['cpu_ms_per_query']:>8.1f} | ({scan['queries']} queries)"
    )
    print(
        "RSS: what building adds to this process (peak: at most, while building; a store built "
        "after another may reuse what that one freed: --stores with one store gives its own); disk: SQLite "
        "files, PostgreSQL tables with their indexes; CPU: this process only (PostgreSQL's server "
        "work is not in it); × scan: the scan's mean wall time over the store's on the scan's "
        "queries; same: answers identical to the first store's; goal: p99 < 50 ms and ≥ 20× the "
        f"scan, at {GOAL_PERSONS:,} persons or more."
    )
    print(
        f"held persons asked about: first answer (or tied with it) {spd['held_found_first']:.1%}, "
        f"as a hit {spd['held_found_as_hit']:.1%}"
    )
    goals = [f["goal_met"] for f in spd["stores"].values()]
    goal_b = None if None in goals else all(goals)
    if goal_b is not None:
        print(f"goal p99 < 50 ms and ≥ 20× the scan, every store: {'met' if goal_b else 'NOT met'}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "matching",
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_average": os.getloadavg()[0],
                },
                "accuracy": acc,
                "speed": spd,
                "goals": {"accuracy": goal_a, "speed_every_store": goal_b},
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
