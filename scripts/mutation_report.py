"""Per-module mutation score of the trust core, from mutmut's results (`make mutation`).

Reads mutants/**/*.meta (mutmut 3), counts each mutant once under its module (the access rules:
core/access.py and the `visibility_q` methods of agreements/models), takes out the equivalent
mutants listed in tests/trust/equivalent_mutants.md (a mutant name per line, in backquotes, each
with its reason), prints a table and writes bench/results/mutation.json. Exits 1 when a module
scores under the threshold (90%), so the target fails when a change lets mutants survive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "trust" / "equivalent_mutants.md"
OUT = ROOT / "bench" / "results" / "mutation.json"

# mutmut's exit codes (mutmut/stats.py); anything else is "suspicious"
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 37: "caught by type check", -24: "timeout", 24: "timeout", 152: "timeout",
          255: "timeout", -11: "segfault", -9: "segfault", None: "not checked"}  # fmt: skip

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


def equivalent_mutants() -> dict[str, str]:
    """`name` -> reason, from the lines of equivalent_mutants.md that start with "- `name`"."""
    found: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text().splitlines():
            match = re.match(r"^- `([^`]+)`(?:\s*[:—-]\s*(.*))?$", line.strip())
            if match:
                found[match.group(1)] = (match.group(2) or "").strip()
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=90.0)
    parser.add_argument("--list", action="store_true", help="print every surviving mutant")
    parser.add_argument(
        "--partial", action="store_true", help="a run over some mutants (MUTANTS=...): score only those run"
    )
    args = parser.parse_args()
    results: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants").rglob("*.meta")):
        results.update(json.loads(meta.read_text())["exit_code_by_key"])
    if not results:
        print("no mutmut results under mutants/: run `make mutation`", file=sys.stderr)
        return 2
    equivalent = equivalent_mutants()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for mutant, code in sorted(results.items()):
        label = module_of(mutant)
        if label is None:
            continue
        status = STATUS.get(code, "suspicious")
        if args.partial and status == "not checked":
            continue
        if (
            status in ("survived", "no tests", "timeout", "suspicious", "not checked")
            and mutant in equivalent
        ):
            status = "equivalent"
        counts[label][status] += 1
        if status in ("survived", "no tests", "suspicious", "not checked"):
            survivors[label].append(f"{mutant} ({status})")
    rows = []
    failed = False
    header = (
        f"{'module':34} {'mutants':>7} {'killed':>7} {'timeout':>7} {'equiv.':>7} {'alive':>6} {'score':>7}"
    )
    print(header)
    print("-" * len(header))
    for label in [*MODULES.values()]:
        c = counts.get(label, Counter())
        total = sum(c.values())
        if args.partial and not total:
            print(f"{label:34} {'not run':>7}")
            continue
        killed = c["killed"] + c["timeout"] + c["caught by type check"] + c["segfault"]
        alive = c["survived"] + c["no tests"] + c["suspicious"] + c["not checked"]
        scored = total - c["equivalent"] - c["skipped"]
        score = 100.0 * killed / scored if scored else 100.0
        failed |= score < args.threshold
        print(
            f"{label:34} {total:7d} {c['killed']:7d} {c['timeout']:7d} {c['equivalent']:7d} {alive:6d} {score:6.1f}%"
        )
        rows.append({"module": label, "mutants": total, "score": round(score, 2), "alive": sorted(survivors[label]),
                     **{k.replace(" ", "_"): v for k, v in sorted(c.items())}})  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"tool": "mutmut", "threshold": args.threshold, "modules": rows}, indent=2) + "\n"
    )
    print(f"\nwritten {OUT.relative_to(ROOT)}; score = (killed + timeout) / (mutants - equivalent)")
    if args.list:
        for label, names in survivors.items():
            for name in names:
                print(f"{label}: {name}")
    if failed:
        print(
            f"a module scores under {args.threshold:.0f}%: `make mutation-survivors` lists them",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
