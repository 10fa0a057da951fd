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

# The protocol tests once more with the speed-ups that replace OpenIddict internals off (Flows:Protocol:Accelerate):
# OpenIddict as shipped must pass them too, and the speed-ups must not be what makes them pass.
Flows__Protocol__Accelerate=false dotnet test tests/Flows.AuthServer.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Flows.AuthServer.Tests.Protocol" 2>&1 | tee -a "$log"
unaccelerated=${PIPESTATUS[0]}
set -e

# One summary line per test project and run: "Passed!  - Failed: 0, Passed: 38, Skipped: 0, Total: 38, …".
# A run that crashed prints no summary: it counts as one failure, so it cannot go unnoticed.
expected=$(( $(ls tests/*.Tests/*.csproj | wc -l) + 1 ))
grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk -F'[:,]' -v expected="$expected" '
  { failed += $2; passed += $4; skipped += $6; projects++ }
  END {
    if (projects < expected) { failed += expected - projects }
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
  }'
rm -f "$log"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
exit "$unaccelerated"
