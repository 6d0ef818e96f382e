"""Per-module mutation score of the trust core, from mutmut's results (`make mutation`).

Reads mutants/**/*.meta (mutmut 3), counts each mutant once under its module (the access rules:
core/access.py and the `visibility_q` methods of agreements/models), takes out the equivalent
mutants listed in tests/trust/equivalent_mutants.md, prints a table and writes
bench/results/mutation.json. Exits 1 when a module scores under the threshold (90%) or when an entry
of the equivalent list is stale, so the target fails when a change lets mutants survive.

An entry of the list reads ``- `mutant name` — `code`: reason``: `code` is what the mutant writes
(the text of its change). An entry counts only if that mutant still exists, still writes `code`
(mutmut numbers the mutants of a function in order, so editing the function renumbers them) and
survived the tests; otherwise the entry is stale and reported.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "trust" / "equivalent_mutants.md"
MUTANTS = ROOT / "mutants"
DEBUG_LOG = MUTANTS / "mutmut-debug.log"  # [tool.mutmut] log_to_file
OUT = ROOT / "bench" / "results" / "mutation.json"

# mutmut's exit codes (mutmut/stats.py); anything else is "suspicious"
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 37: "caught by type check", -24: "timeout", 24: "timeout", 152: "timeout",
          255: "timeout", -11: "segfault", -9: "segfault", None: "not checked"}  # fmt: skip
CAUGHT = ("killed", "timeout", "caught by type check", "segfault")
ALIVE = ("survived", "no tests", "suspicious", "not checked")

MODULES = {
    "liaison.core.canonical": "core/canonical.py",
    "liaison.federation.envelope": "federation/envelope.py",
    "liaison.federation.inbox": "federation/inbox.py",
    "liaison.federation.manifests": "federation/manifests.py",
    "liaison.federation.sync": "federation/sync.py",
    "liaison.agreements.services.signing": "agreements/services/signing.py",
    "liaison.agreements.statements": "agreements/statements.py",
    "liaison.core.audit": "core/audit.py",
    "liaison.core.access": "access rules",
}


def module_of(mutant: str) -> str | None:
    """The reported module of a mutant name such as `liaison.core.audit.x_verify__mutmut_3` or
    `liaison.agreements.models.documents.xǁDocumentǁvisibility_q__mutmut_2`."""
    if mutant.startswith("liaison.agreements.models."):
        return "access rules" if "visibility_q__mutmut_" in mutant else None
    for name, label in MODULES.items():
        if mutant.startswith(name + "."):
            return label
    return None


@dataclass
class Entry:
    name: str
    code: str
    reason: str
    line: int


def equivalent_entries() -> list[Entry]:
    """The entries of equivalent_mutants.md: "- `name` — `code`: reason", wrapped onto indented
    lines as needed; a bullet whose first backquoted word is not a mutant name is prose."""
    entries: list[Entry] = []
    if not EQUIVALENT.exists():
        return entries
    blocks: list[tuple[int, str]] = []  # (line number, the bullet's text joined)
    for number, line in enumerate(EQUIVALENT.read_text().splitlines(), 1):
        if line.startswith("- "):
            blocks.append((number, line))
        elif blocks and line.startswith("  ") and line.strip():
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + " " + line.strip())
        else:
            blocks.append((number, ""))  # ends the bullet before it
    for number, text in blocks:
        name = re.match(r"^- `([^`]+__mutmut_\d+)`", text)
        if name is None:
            continue
        match = re.match(r"^- `[^`]+`\s*[—-]\s*`([^`]+)`\s*:?\s*(.*)$", text)
        code, reason = (match.group(1), match.group(2).strip()) if match else ("", "")
        entries.append(Entry(name.group(1), code, reason, number))
    return entries


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def mutant_sources(name: str) -> tuple[str, str] | None:
    """(the mutant's function, the original function) as mutmut wrote them under mutants/, or None
    when there is no such function."""
    module, _, function = name.rpartition(".")
    path = MUTANTS / "src" / Path(*module.split(".")).with_suffix(".py")
    if not path.exists():
        return None
    source = path.read_text()
    original = re.sub(r"__mutmut_\d+$", "__mutmut_orig", function)
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in (function, original):
            found[node.name] = ast.get_source_segment(source, node) or ""
    if function not in found or original not in found:
        return None
    return found[function], found[original]


def stale_reason(entry: Entry, status: str | None) -> str | None:
    """Why an entry of the list does not describe a surviving mutant of the current code, or None."""
    if not entry.code:
        return "no `code` after the name: say what the mutant writes"
    if status is None:
        return "mutmut made no mutant of that name"
    sources = mutant_sources(entry.name)
    if sources is None:
        return "its function is not in mutants/src"
    mutant, original = sources
    if _squeeze(entry.code) not in _squeeze(mutant) or _squeeze(entry.code) in _squeeze(original):
        return f"that mutant no longer writes `{entry.code}` (the function changed and mutmut renumbered)"
    if status in CAUGHT:
        return f"the tests catch it now ({status}): remove the entry"
    if status not in ("survived", "no tests"):
        return f"it was not run to the end ({status})"
    return None


def seconds_per_mutant() -> dict[str, float]:
    """How long each mutant's tests ran, from the fork server's "Completed" lines in the log."""
    times: dict[str, float] = {}
    logs = sorted(MUTANTS.glob("mutmut-debug.log*"), reverse=True)  # rotated ones (.1, .2) first
    for log in logs:
        text = log.read_text(errors="replace")
        for match in re.finditer(r"Completed (\S+): exit=-?\d+ \(([\d.]+)s\)", text):
            times[match.group(1)] = float(match.group(2))
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=90.0)
    parser.add_argument("--list", action="store_true", help="print every surviving mutant")
    parser.add_argument(
        "--partial", action="store_true", help="a run over some mutants (MUTANTS=...): score only those run"
    )
    parser.add_argument(
        "--recheck-names",
        action="store_true",
        help="print the trust-core mutants to run again after new tests (`MUTATION_RECHECK=1 make mutation`):"
        " those alive, timed out or listed as equivalent",
    )
    args = parser.parse_args()
    results: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.rglob("*.meta")):
        results.update(json.loads(meta.read_text())["exit_code_by_key"])
    if not results:
        print("no mutmut results under mutants/: run `make mutation`", file=sys.stderr)
        return 2
    status_of = {name: STATUS.get(code, "suspicious") for name, code in results.items()}
    if args.recheck_names:
        listed = {entry.name for entry in equivalent_entries()}
        again = [
            name
            for name, status in sorted(status_of.items())
            if module_of(name) is not None and (status in (*ALIVE, "timeout") or name in listed)
        ]
        print("\n".join(again))
        return 0
    run_modules = {module_of(n) for n, s in status_of.items() if s != "not checked"} - {None}

    stale: list[dict[str, object]] = []
    equivalent: dict[str, Entry] = {}
    for entry in equivalent_entries():
        label = module_of(entry.name)
        if args.partial and (label not in run_modules or status_of.get(entry.name) == "not checked"):
            continue  # this run did not test that mutant
        reason = stale_reason(entry, status_of.get(entry.name))
        if reason is None:
            equivalent[entry.name] = entry
        else:
            stale.append({"mutant": entry.name, "line": entry.line, "problem": reason})

    times = seconds_per_mutant()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    seconds: dict[str, list[float]] = defaultdict(list)
    for mutant, status in sorted(status_of.items()):
        label = module_of(mutant)
        if label is None or (args.partial and status == "not checked"):
            continue
        if mutant in equivalent:
            status = "equivalent"
        counts[label][status] += 1
        if status in ALIVE:
            names[label]["alive"].append(f"{mutant} ({status})")
        elif status in ("equivalent", "timeout"):
            names[label][status].append(mutant)
        if mutant in times:
            seconds[label].append(times[mutant])

    rows = []
    failed = False
    header = (
        f"{'module':31} {'mutants':>7} {'killed':>7} {'timeout':>7} {'equiv.':>6} {'alive':>5} {'score':>7}"
        f" {'s/mutant':>8}"
    )
    print(header)
    print("-" * len(header))
    for label in MODULES.values():
        c = counts.get(label, Counter())
        total = sum(c.values())
        if args.partial and not total:
            print(f"{label:31} {'not run':>7}")
            continue
        caught = sum(c[s] for s in CAUGHT)
        alive = sum(c[s] for s in ALIVE)
        scored = total - c["equivalent"] - c["skipped"]
        score = 100.0 * caught / scored if scored else 100.0
        failed |= score < args.threshold
        per_mutant = statistics.median(seconds[label]) if seconds[label] else float("nan")
        print(
            f"{label:31} {total:7d} {c['killed']:7d} {c['timeout']:7d} {c['equivalent']:6d} {alive:5d}"
            f" {score:6.1f}% {per_mutant:8.1f}"
        )
        rows.append(
            {
                "module": label,
                "mutants": total,
                "score": round(score, 2),
                "counts": dict(sorted(c.items())),
                "median_seconds_per_mutant": round(per_mutant, 2) if seconds[label] else None,
                "test_seconds": round(sum(seconds[label]), 1),
                **{kind: sorted(found) for kind, found in names[label].items()},
            }
        )
    all_times = [t for ts in seconds.values() for t in ts]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "tool": "mutmut",
                "threshold": args.threshold,
                "partial": args.partial,
                "score": "(killed + timeout) / (mutants - equivalent)",
                "equivalent_list": str(EQUIVALENT.relative_to(ROOT)),
                "stale_equivalent_entries": stale,
                "modules": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    equivalents = sum(c["equivalent"] for c in counts.values())
    print(
        f"\nscore = (killed + timeout) / (mutants - equivalent): {equivalents} mutants listed as equivalent"
        f" in {EQUIVALENT.relative_to(ROOT)} are left out of the count"
    )
    if all_times:
        median, mean = statistics.median(all_times), statistics.mean(all_times)
        print(
            f"time per mutant: median {median:.1f} s, mean {mean:.1f} s over {len(all_times)} mutants"
            " (their test runs; s/mutant above is the median)"
        )
    print(f"written {OUT.relative_to(ROOT)}")
    if args.list:
        for label, found in names.items():
            for name in found["alive"]:
                print(f"{label}: {name}")
    for problem in stale:
        where = f"{EQUIVALENT.relative_to(ROOT)}:{problem['line']}"
        print(f"stale entry {where} {problem['mutant']}: {problem['problem']}", file=sys.stderr)
    if failed:
        print(
            f"a module scores under {args.threshold:.0f}%: `make mutation-survivors` lists them",
            file=sys.stderr,
        )
    return 1 if failed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
