#!/usr/bin/env bash
# Installs what the test suite needs, idempotently. Under CI=true a dependency that cannot be installed is an
# error: tests never skip for a missing tool.
set -euo pipefail
need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v curl >/dev/null 2>&1 || need+=(curl)
[ -x /usr/bin/python3 ] || need+=(python3)
# PostgreSQL store tests start a throwaway cluster of their own (scripts/postgres-test-cluster.sh) from these binaries.
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
# The dashboard's browser tests drive Debian's Chromium through Playwright (never `playwright install`).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
for tool in git bwrap socat curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-deps: $tool is missing and could not be installed" >&2; exit 1; }
done
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || { echo "install-test-deps: PostgreSQL (postgresql) is missing and could not be installed" >&2; exit 1; }
if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: /usr/bin/chromium (Debian package chromium) is missing and could not be installed" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
fi

# The real agent CLIs (agent: claude-code, agent: codex), pinned by .tools/npm/package-lock.json. `npm ci` runs only
# when the lock file is newer than what is installed, so a warm tree costs nothing.
tools="$(dirname "$(readlink -f "$0")")/../.tools/npm"
stamp="$tools/node_modules/.package-lock.json"
if [ ! -x "$tools/node_modules/.bin/claude" ] || [ ! -x "$tools/node_modules/.bin/codex" ] || [ "$tools/package-lock.json" -nt "$stamp" ]; then
  if ! command -v npm >/dev/null 2>&1 || ! (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    echo "install-test-deps: could not install the agent CLIs into .tools/npm (npm ci)" >&2
    if [ "${CI:-}" = true ]; then exit 1; fi
  fi
fi
