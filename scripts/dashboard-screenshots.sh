#!/usr/bin/env bash
# Regenerates the dashboard screenshots in docs/dashboard/ (tasks, task, inbox, schedules, fleets, fleet): builds the
# server tests and runs DashboardScreenshotTests (trait Category=Screenshots) in Debian's Chromium against a real server
# with real work in it. Needs what scripts/install-test-deps.sh installs.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
artifacts="${ERRAND_ARTIFACTS:-$root/.artifacts/screenshots}"
dotnet build "$root/tests/Errand.Server.Tests/Errand.Server.Tests.csproj" -c Release --artifacts-path "$artifacts" -v quiet -nologo
ERRAND_SCREENSHOTS_DIR="$root/docs/dashboard" "$artifacts/bin/Errand.Server.Tests/release/Errand.Server.Tests" -trait "Category=Screenshots"
ls -l "$root/docs/dashboard"
