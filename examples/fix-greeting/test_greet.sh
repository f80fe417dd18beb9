#!/bin/sh
# The greeting must be exact.
out="$(sh "$(dirname "$0")/greet.sh")"
if [ "$out" != "Hello, world!" ]; then
  echo "FAIL: expected 'Hello, world!', got '$out'"
  exit 1
fi
echo "ok: $out"
