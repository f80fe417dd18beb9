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
