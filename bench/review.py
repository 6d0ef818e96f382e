"""Review benchmark: the yearly implementation review page and its PDF, drawn on every request
(caches disabled: the code before issue 10's defect 14) and with the chart and the PDF cached by the
hash of their content, in one run, on the demo history, through Django's test client (no network).

    .venv/bin/python bench/review.py [--rounds N]

Prints a table (median and p90 per case, plus a small page for comparison) and writes
bench/results/review.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "review.json"


def setup() -> Any:
    data_dir = tempfile.mkdtemp(prefix="liaison-bench-review-")
    os.environ["LIAISON_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("node", "init", "--party", "VN", "--url", "https://127.0.0.1:8443", verbosity=0)
    from liaison.demo.core import load_demo

    load_demo()
    from django.test import Client

    from liaison.core.models import Officer

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Officer.objects.get(username="vn.liaison"))
    return client


def timed(client: Any, path: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        times.append(elapsed * 1000)
    return times


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
        "min_ms": round(ordered[0], 1),
        "rounds": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    client = setup()
    from liaison.agreements.review import chart_cache, pdf_cache

    cases = {
        "other page (commitments)": "/agreements/commitments/",
        "review page 2023": "/agreements/review/?year=2023",
        "review PDF 2023": "/agreements/review.pdf?year=2023",
    }
    results: dict[str, Any] = {"load_average": os.getloadavg(), "python": platform.python_version()}
    for label, enabled in (("before: chart drawn per request", False), ("after: chart and PDF cached", True)):
        for cache in (chart_cache, pdf_cache):
            cache.clear()
            cache.enabled = enabled
        for path in cases.values():  # warm-up: imports, fonts, the first drawing
            client.get(path)
        results[label] = {case: summary(timed(client, path, args.rounds)) for case, path in cases.items()}
    width = max(len(c) for c in cases)
    print(f"{'case':<{width}}  {'before median':>14} {'p90':>8}  {'after median':>13} {'p90':>8}")
    before, after = results["before: chart drawn per request"], results["after: chart and PDF cached"]
    for case in cases:
        b, a = before[case], after[case]
        print(
            f"{case:<{width}}  {b['median_ms']:>11.1f} ms {b['p90_ms']:>5.1f} ms"
            f"  {a['median_ms']:>10.1f} ms {a['p90_ms']:>5.1f} ms"
        )
    print(f"load average before the run: {results['load_average']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
