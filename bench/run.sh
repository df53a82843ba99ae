#!/usr/bin/env bash
# Warden against raw PostgreSQL, measured in one run. Usage: bench/run.sh [--quick | --realtime]
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
./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package
if [ "${1:-}" = "--realtime" ]; then
  exec python3 bench/realtime.py
fi
exec python3 bench/bench.py --pgbench "$pgbench_bin" "$@"
