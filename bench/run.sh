#!/usr/bin/env bash
# Warden against raw PostgreSQL, measured in one run.
# Usage: bench/run.sh [--quick] [--only list,...] [--db postgresql://user:pw@host:port/db | --external] | --realtime
#   --db        Warden and the ceilings on that (empty, dedicated) database instead of the embedded one
#   --external  the same on a throwaway local PostgreSQL 15 cluster (Debian's postgresql-15), removed after
# Installs wrk and pgbench (Debian packages) when missing, builds Warden, then runs bench.py.
# All traffic goes to 127.0.0.1; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
need_install=()
command -v wrk >/dev/null || need_install+=(wrk)
command -v pgbench >/dev/null || need_install+=(postgresql-client postgresql-15)
command -v psql >/dev/null || need_install+=(postgresql-client)
command -v python3 >/dev/null || need_install+=(python3)
if [ ${#need_install[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${need_install[@]}"
fi
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | head -1)
# Built and later started by ./warden, as an operator runs it (same JDK, JVM options, class-data archive).
./warden build
if [ "${1:-}" = "--realtime" ]; then
  exec python3 bench/realtime.py
fi
# The kernel's autogroup (sched_autogroup_enabled) schedules each session as one group, and pg_ctl starts
# PostgreSQL in a session of its own: under full load its backends then waited up to seconds for a CPU
# (bench/README.md, "Scheduling"). Off for the run when we may, restored after; BENCH_AUTOGROUP=keep keeps it.
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
autogroup=/proc/sys/kernel/sched_autogroup_enabled
if [ "${BENCH_AUTOGROUP:-off}" = off ] && [ -w "$autogroup" ] && [ "$(cat "$autogroup")" = 1 ]; then
  echo 0 > "$autogroup"
  cleanup+=("echo 1 > $autogroup")
fi
args=()
external=""
for arg in "$@"; do
  if [ "$arg" = "--external" ]; then external=1; else args+=("$arg"); fi
done
if [ -n "$external" ]; then
  # A cluster as an operator runs one: its own process, default settings but for memory and connections.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq postgresql-15
  fi
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
  cluster=$(mktemp -d /tmp/warden-bench-pg.XXXXXX)
  echo bench-postgres-password > "$cluster/pw"
  chown -R postgres "$cluster"
  runuser -u postgres -- "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$cluster/pw" >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w start -o \
    "-p 55432 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$cluster -c shared_buffers=512MB -c max_connections=200"
  cleanup+=("runuser -u postgres -- '$pg_bin/pg_ctl' -D '$cluster/data' -m fast stop >/dev/null; rm -rf '$cluster'")
  args+=(--db "postgresql://postgres:bench-postgres-password@127.0.0.1:55432/postgres")
fi
python3 bench/bench.py --pgbench "$pgbench_bin" "${args[@]}"
