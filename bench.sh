#!/usr/bin/env bash
# The whole benchmark suite in one run, Errand beside Hangfire and the durable-commit floor: writes
# docs/benchmarks/RESULTS.md and its PNG plots (about 15 minutes on 2 cores; run as root for the sandbox and overlay
# scenarios). Extra arguments go to the harness: --quick (small counts, for developing it), --pg CONN (an existing
# PostgreSQL server instead of a private durable cluster), --skip or --only peers,floor,reclaim,spawn,workspaces,agents,parked
# (one section at a time, e.g. with --out /tmp/bench). Each section's wall time is printed and published, against the
# 15-minute budget.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="$root/.artifacts/bench"
# The harness counts its 15-minute budget from here, the build included.
export ERRAND_BENCH_STARTED="$(date +%s.%N)"
dotnet build "$root/bench/Errand.Bench/Errand.Bench.csproj" -c Release -o "$out" --nologo -v quiet
cd "$root"
exec "$out/Errand.Bench" --publish "$@"
