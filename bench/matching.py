"""Name-matching benchmark: accuracy on the labelled set, then speed of the index at scale.

    .venv/bin/python bench/matching.py [--persons 1000000] [--queries 400] [--scan-queries 20]
                                       [--sqlite-persons N] [--pg-persons N]

(a) Accuracy. Every pair of tests/data/name_pairs.csv is scored by ``same_person`` (our default
    threshold) and, in the same run, by the naive baseline the issue names: anyascii folding and
    ``rapidfuzz.fuzz.ratio``, at its best threshold (best F1 over all thresholds; also its recall
    at the best threshold that keeps precision ≥ 0.95). A word-order-free variant of the baseline
    (``token_sort_ratio``) is shown too.
(b) Speed. N generated persons (Vietnamese names with realistic family-name frequencies, Lao
    names from syllables, half of them in Lao script) go into ``Index`` (in process) and, for a
    smaller N by default, ``SqliteIndex`` and, if PostgreSQL answers on 127.0.0.1, ``PgIndex``
    (in a database of its own, dropped afterwards). Reported: build time, memory (RSS growth; file size for
    SQLite), p50/p99 latency of ``search`` over sample queries (variants of held persons and
    unknown names), how often the planted person is the first answer, and a brute-force baseline:
    ``rapidfuzz.process.extract`` with ``fuzz.ratio`` over the anyascii-folded names of all N
    persons (C++ scan, the fastest brute force rapidfuzz offers), on a subset of the queries.

Prints a table and writes bench/results/matching.json. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
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


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


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


def generated_person(rng: random.Random, vn_weights: list[float]) -> Person:
    birth = f"{rng.randint(1950, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sex = rng.choice("MF")
    if rng.random() < 0.6:
        family = rng.choices(VN_FAMILY, weights=vn_weights)[0][0]
        middle = "Thị" if sex == "F" and rng.random() < 0.6 else rng.choice(VN_MIDDLE)
        name = f"{family} {middle} {rng.choice(VN_GIVEN)}"
        if rng.random() < 0.3:
            name = fold_latin(name).title()  # many records are typed without diacritics
        return Person((name,), birth, sex, "VN")
    given = "".join(rng.choices(LAO_SYLLABLES, k=rng.choice((1, 2, 2, 2))))
    family = "".join(rng.choices(LAO_SYLLABLES, k=rng.choice((2, 3, 3))))
    name = f"{given} {family}"
    if rng.random() < 0.5:
        spellings = romanise(name)
        name = rng.choice(spellings).title()
    return Person((name,), birth, sex, "LA")


def variant_of(rng: random.Random, name: str) -> str:
    """A query written differently from the record: another romanisation, no diacritics, order."""
    if is_lao(name):
        return rng.choice(romanise(name)).title()
    words = fold_latin(name).split()
    if rng.random() < 0.5:
        words = words[-1:] + words[:-1]
    return " ".join(w.upper() if i == 0 else w for i, w in enumerate(words))


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


def speed(
    persons: int, n_queries: int, scan_queries: int, sqlite_persons: int, pg_persons: int, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    weights = [w for _, w in VN_FAMILY]
    print(f"generating {persons:,} persons…", flush=True)
    people = [generated_person(rng, weights) for _ in range(persons)]
    planted = rng.sample(range(persons), n_queries // 2)
    queries = [variant_of(rng, people[i].names[0]) for i in planted]
    queries += [generated_person(rng, weights).names[0] for _ in range(n_queries - len(planted))]
    out: dict[str, Any] = {"persons": persons, "queries": len(queries), "planted_queries": len(planted)}

    gc.collect()
    before = rss_mb()
    print("building the in-process index…", flush=True)
    started = time.perf_counter()
    index = Index()
    for number, person in enumerate(people):
        index.add(str(number), person)
    build = time.perf_counter() - started
    gc.collect()
    memory = rss_mb() - before
    for query in queries[:20]:  # warm caches as a running node would have them
        index.search(query)
    latencies, answers, cpu_ms = timed_search(index, queries)
    # First: the planted person scores as high as the best answer (exact namesakes tie with it and
    # may fill the ten places); as a hit: that score is at the hit threshold.
    planted_scores = [compare(Person((q,)), people[i]).score for q, i in zip(queries, planted, strict=False)]
    first = sum(bool(a) and s >= a[0][1] - 1e-9 for s, a in zip(planted_scores, answers, strict=False))
    as_hit = sum(bool(a) and s >= HIT_THRESHOLD and a[0][1] >= HIT_THRESHOLD
                 for s, a in zip(planted_scores, answers, strict=False))  # fmt: skip
    out["memory_index"] = {
        "build_s": build,
        "rss_growth_mb": memory,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "cpu_ms_per_query": cpu_ms,
        "planted_found_first": first / len(planted),
        "planted_found_as_hit": as_hit / len(planted),
    }  # fmt: skip

    # Brute force: rapidfuzz's C++ scan of every folded name, on a subset of the queries.
    print("brute-force scan baseline…", flush=True)
    choices = [anyascii(p.names[0]).lower() for p in people]
    scan_sample = queries[: scan_queries // 2] + queries[len(planted) : len(planted) + scan_queries // 2]
    scan_latencies = []
    cpu = time.process_time()
    for query in scan_sample:
        t0 = time.perf_counter()
        process.extract(anyascii(query).lower(), choices, scorer=fuzz.ratio, limit=10)
        scan_latencies.append((time.perf_counter() - t0) * 1000)
    scan_cpu_ms = (time.process_time() - cpu) * 1000 / len(scan_sample)
    del choices
    ours_same = [latencies[queries.index(q)] for q in scan_sample]
    out["scan_baseline"] = {
        "queries": len(scan_sample),
        "p50_ms": percentile(scan_latencies, 0.5),
        "p99_ms": percentile(scan_latencies, 0.99),
        "mean_ms": statistics.fmean(scan_latencies),
        "cpu_ms_per_query": scan_cpu_ms,
        "speedup_cpu": scan_cpu_ms / cpu_ms,
        "speedup_mean": statistics.fmean(scan_latencies) / statistics.fmean(ours_same),
        "speedup_p50": percentile(scan_latencies, 0.5) / percentile(ours_same, 0.5),
    }
    del index
    gc.collect()

    if sqlite_persons:
        n = min(sqlite_persons, persons)
        path = Path(tempfile.mkdtemp(prefix="liaison-bench-")) / "names.sqlite3"
        print(f"building the SQLite index over {n:,} persons…", flush=True)
        started = time.perf_counter()
        stored = SqliteIndex(path)
        batch = 10_000
        for start in range(0, n, batch):
            stored.add_many((str(i), people[i]) for i in range(start, min(n, start + batch)))
        build = time.perf_counter() - started
        sqlite_queries = [q for q, i in zip(queries, planted, strict=False) if i < n]
        sqlite_queries += queries[len(planted) :]
        for query in sqlite_queries[:20]:
            stored.search(query)
        latencies, _, sqlite_cpu_ms = timed_search(stored, sqlite_queries)
        stored.close()
        out["sqlite_index"] = {
            "persons": n,
            "build_s": build,
            "file_mb": sum(f.stat().st_size for f in path.parent.iterdir()) / 1e6,
            "queries": len(sqlite_queries),
            "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99),
            "mean_ms": statistics.fmean(latencies),
            "cpu_ms_per_query": sqlite_cpu_ms,
        }
        for f in path.parent.iterdir():
            f.unlink()
        path.parent.rmdir()
    if pg_persons:
        result = postgres(people, queries, planted, min(pg_persons, persons))
        if result:
            out["postgres_index"] = result
    return out


def postgres(people: list[Person], queries: list[str], planted: list[int], n: int) -> dict[str, Any] | None:
    """PgIndex over the first n persons, in a database of its own on 127.0.0.1, dropped after."""
    import psycopg

    server = {
        "host": "127.0.0.1",
        "port": 5432,
        "user": os.environ.get("PGUSER", "postgres"),
        "connect_timeout": 2,
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, **server)
    except psycopg.OperationalError:
        print("no PostgreSQL on 127.0.0.1:5432: PgIndex skipped")
        return None
    name = f"liaison_matching_bench_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dbname=name, autocommit=True, **server) as connection:
            print(f"building the PostgreSQL index over {n:,} persons…", flush=True)
            started = time.perf_counter()
            stored = PgIndex(connection)
            batch = 50_000
            for start in range(0, n, batch):
                stored.add_many((str(i), people[i]) for i in range(start, min(n, start + batch)))
            build = time.perf_counter() - started
            size = connection.execute("SELECT pg_total_relation_size('matching_person')").fetchone()
            pg_queries = [q for q, i in zip(queries, planted, strict=False) if i < n]
            pg_queries += queries[len(planted) :]
            for query in pg_queries[:20]:
                stored.search(query)
            latencies, _, cpu_ms = timed_search(stored, pg_queries)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    return {
        "persons": n,
        "build_s": build,
        "relation_mb": (size[0] if size else 0) / 1e6,
        "queries": len(pg_queries),
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "cpu_ms_per_query": cpu_ms,  # of this process only: the server's work is not in it
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--scan-queries", type=int, default=20)
    parser.add_argument("--sqlite-persons", type=int, default=200_000, help="0 to skip the SQLite index")
    parser.add_argument(
        "--pg-persons", type=int, default=200_000, help="0 to skip PostgreSQL (skipped anyway if unreachable)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

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

    spd = speed(
        args.persons, args.queries, args.scan_queries, args.sqlite_persons, args.pg_persons, args.seed
    )
    mem, scan = spd["memory_index"], spd["scan_baseline"]
    print(
        f"\n(b) {spd['persons']:,} generated persons, {spd['queries']} queries "
        f"({spd['planted_queries']} variants of held persons)"
    )
    print(
        f"{'store':<26} | {'persons':>9} | {'build s':>7} | {'memory MB':>9} | {'p50 ms':>7} | "
        f"{'p99 ms':>7} | {'CPU ms/q':>8}"
    )
    print("-" * 93)
    print(
        f"{'in process (Index)':<26} | {spd['persons']:>9,} | {mem['build_s']:>7.1f} | "
        f"{mem['rss_growth_mb']:>9.0f} | {mem['p50_ms']:>7.2f} | {mem['p99_ms']:>7.2f} | "
        f"{mem['cpu_ms_per_query']:>8.2f}"
    )
    if "sqlite_index" in spd:
        sq = spd["sqlite_index"]
        print(
            f"{'SQLite (SqliteIndex)':<26} | {sq['persons']:>9,} | {sq['build_s']:>7.1f} | "
            f"{sq['file_mb']:>7.0f} f | {sq['p50_ms']:>7.2f} | {sq['p99_ms']:>7.2f} | "
            f"{sq['cpu_ms_per_query']:>8.2f}"
        )
    if "postgres_index" in spd:
        pg = spd["postgres_index"]
        print(
            f"{'PostgreSQL (PgIndex)':<26} | {pg['persons']:>9,} | {pg['build_s']:>7.1f} | "
            f"{pg['relation_mb']:>7.0f} r | {pg['p50_ms']:>7.2f} | {pg['p99_ms']:>7.2f} | "
            f"{pg['cpu_ms_per_query']:>8.2f}"
        )
    print(
        f"{'brute-force rapidfuzz scan':<26} | {spd['persons']:>9,} | {'-':>7} | {'-':>9} | "
        f"{scan['p50_ms']:>7.1f} | {scan['p99_ms']:>7.1f} | {scan['cpu_ms_per_query']:>8.1f}"
        f"   ({scan['queries']} queries)"
    )
    print(
        "(memory: RSS growth while building; f: SQLite file size; r: PostgreSQL table and indexes; "
        "CPU: this process only)"
    )
    print(
        f"speed-up over the scan on the same queries: {scan['speedup_mean']:.0f}× (mean wall), "
        f"{scan['speedup_p50']:.0f}× (p50 wall), {scan['speedup_cpu']:.0f}× (CPU); "
        f"planted person first: {mem['planted_found_first']:.1%}, as a hit: {mem['planted_found_as_hit']:.1%}"
    )
    goal_b = mem["p99_ms"] < 50 and scan["speedup_mean"] >= 20
    print(f"goal p99 < 50 ms and ≥ 20× the scan (in process): {'met' if goal_b else 'NOT met'}")
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
                "goals": {"accuracy": goal_a, "speed_in_process": goal_b},
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
