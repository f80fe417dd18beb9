#!/usr/bin/env bash
# The whole benchmark suite in one run, Errand beside Hangfire and the durable-commit floor: writes
# docs/benchmarks/RESULTS.md and its PNG plots (about 15 minutes on 2 cores; run as root for the sandbox and overlay
# scenarios). Extra arguments go to the harness: --quick (small counts, for developing it), --pg CONN (an existing
# PostgreSQL server instead of a private durable cluster), --skip peers,floor,reclaim,spawn,workspaces,agents,parked.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="$root/.artifacts/bench"
dotnet build "$root/bench/Errand.Bench/Errand.Bench.csproj" -c Release -o "$out" --nologo -v quiet
cd "$root"
exec "$out/Errand.Bench" --publish "$@"
