#!/usr/bin/env bash
# Runs every test project of the solution with what the tests need started first, and ends with the
# totals over all projects on one line: "N passed, M failed, K skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/start-postgres.sh
scripts/install-tools.sh
# The independent OpenID client (openid-client) that the protocol tests drive.
(cd tests/clients && npm ci --no-audit --no-fund --loglevel=error)

log=$(mktemp)
set +e
dotnet test Flows.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One summary line per test project: "Passed!  - Failed: 0, Passed: 38, Skipped: 0, Total: 38, …".
# A test project that crashed prints no summary: it counts as one failure, so it cannot go unnoticed.
expected=$(ls tests/*.Tests/*.csproj | wc -l)
grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk -F'[:,]' -v expected="$expected" '
  { failed += $2; passed += $4; skipped += $6; projects++ }
  END {
    if (projects < expected) { failed += expected - projects }
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
  }'
rm -f "$log"
exit "$status"
