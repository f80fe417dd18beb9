#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, bound to 127.0.0.1 on a private port.
#   start  initdb (first time) and start it; idempotent; prints the connection string
#   stop   stop it (the data directory stays for the next start)
#   url    print the connection string
# ERRAND_PG_DIR (default /tmp/errand-pg-$UID), ERRAND_PG_PORT (default 55432) pick the cluster;
# ERRAND_PG_FSYNC=off trades crash safety for speed (the test default: nothing survives a power cut anyway).
# ERRAND_PG_OPTIONS adds server options at start (e.g. "-c shared_preload_libraries=pg_stat_statements").
set -euo pipefail
dir="${ERRAND_PG_DIR:-/tmp/errand-pg-$(id -u)}"
port="${ERRAND_PG_PORT:-55432}"
fsync="${ERRAND_PG_FSYNC:-on}"
url="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "postgres-test-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi

# initdb and pg_ctl refuse to run as root: run them as the postgres user, which then owns the directory.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() { as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres -m 700 "$dir"; else install -d -m 700 "$dir"; fi
    # Two test processes may start it at once: one initdb, one start.
    exec 9>"$dir/.lock"
    flock 9
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! running; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=$fsync -c max_connections=300 ${ERRAND_PG_OPTIONS:-}" start >/dev/null 9>&- \
        || { tail -20 "$dir/log" >&2; exit 1; }
    fi
    echo "$url"
    ;;
  stop)
    if [ -d "$dir/data" ] && running; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
    fi
    ;;
  url)
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
