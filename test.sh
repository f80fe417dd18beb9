#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then runs every test project (Release).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
./scripts/install-test-deps.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution Errand.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line in the plain form CI reads: "N passed, N failed".
awk '/^[[:space:]]*(total|failed|succeeded|skipped):/ {gsub(/[^0-9]/,"",$2); v[$1]=$2}
     END { if (v["succeeded:"]!="") printf "%d passed, %d failed, %d skipped\n", v["succeeded:"], v["failed:"], v["skipped:"] }' "$log"
exit "$status"
