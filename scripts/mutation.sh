#!/usr/bin/env bash
# `make mutation` (issue 9): the trust core under mutation testing with mutmut. Slow (80 minutes
# on 2 cores: 3,029 mutants), so not part of `make test`. Which files are mutated and which tests may run
# is in pyproject.toml [tool.mutmut]; mutmut first runs those tests once to record which tests call
# each function, then runs only those tests against each mutant of that function.
# Prints the score per module and writes bench/results/mutation.json (scripts/mutation_report.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
JOBS=${MUTATION_JOBS:-2}
mkdir -p bench/results
LOG=bench/results/mutmut-run.log
# MUTATION_RECHECK=1: after writing tests that kill survivors, run again only the mutants of the
# last full run that were alive, timed out, not run (an interrupted run) or listed as equivalent,
# keeping every other result. The trust core's source must not have changed since that run (mutmut
# would make its mutants anew).
if [ -n "${MUTATION_RECHECK:-}" ]; then
  if [ ! -d mutants ]; then
    echo "error: MUTATION_RECHECK needs the results of a full run under mutants/: run \`make mutation\`" >&2
    exit 2
  fi
  MUTANTS=$("$BIN/python" scripts/mutation_report.py --recheck-names | tr '\n' ' ')
  RECHECK=1
  # which tests call which function is recorded again: the new tests are what should kill them
  rm -f mutants/mutmut-stats.json
  if [ -z "${MUTANTS// /}" ]; then
    "$BIN/python" scripts/mutation_report.py "$@"
    exit $?
  fi
else
  rm -rf mutants  # a fresh run: results of an older source or test tree never count
fi
# The migrated test database, saved by mutmut's first pytest session and copied by every later one
# (tests/conftest.py); made afresh each run, so it always matches the migrations.
export LIAISON_TEST_DB_TEMPLATE="$PWD/var/mutation/test-db.sqlite3"
rm -f "$LIAISON_TEST_DB_TEMPLATE"
echo "== mutmut over the trust core ($JOBS processes; progress in $LOG)"
start=$(date +%s)
# The mutants scored (scripts/mutation_report.py): of agreements/models only the access rules
# (visibility_q); the models' other methods are mutated too but are not the trust core.
TRUST_CORE="liaison.core.canonical.* liaison.federation.envelope.* liaison.federation.inbox.*
  liaison.federation.manifests.* liaison.federation.sync.* liaison.agreements.services.signing.*
  liaison.agreements.statements.* liaison.core.audit.* liaison.core.access.*
  liaison.agreements.models.*visibility_q__mutmut_*"
# MUTANTS narrows the run to some mutants by name, e.g. MUTANTS='liaison.core.audit.*'
# shellcheck disable=SC2086
set -f  # the names are fnmatch patterns for mutmut, not file globs
if ! "$BIN/mutmut" run --max-children "$JOBS" ${MUTANTS:-$TRUST_CORE} >"$LOG" 2>&1; then
  tr '\r' '\n' <"$LOG" | tail -n 40 >&2
  echo "error: mutmut failed (see $LOG)" >&2
  exit 1
fi
echo "== done in $(( $(date +%s) - start )) s"
if [ -n "${RECHECK:-}" ]; then
  "$BIN/python" scripts/mutation_report.py "$@"  # every mutant has a result again: the whole score
else
  "$BIN/python" scripts/mutation_report.py ${MUTANTS:+--partial} "$@"
fi
