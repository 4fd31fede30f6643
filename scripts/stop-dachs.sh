#!/usr/bin/env bash
# Stops the DaCHS server started by scripts/start-dachs.sh.
#
#   bash scripts/stop-dachs.sh                  # stop DaCHS
#   bash scripts/stop-dachs.sh --with-postgres  # ... and the PostgreSQL cluster
#
# The imported sample data stay in PostgreSQL, so the next start-dachs.sh
# takes seconds.  See docs/integration.md.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$REPO/.vo-integ"
WITH_PG=0
for arg in "$@"; do
  case "$arg" in
    --with-postgres) WITH_PG=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "stop-dachs: unknown argument $arg" >&2; exit 2 ;;
  esac
done
log() { printf '[stop-dachs] %s\n' "$*"; }

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

pid=$(cat "$STATE/dachs.pid" 2>/dev/null || true)
alive "$pid" || pid=$(cat /var/gavo/state/web.pid 2>/dev/null || true)
if alive "$pid"; then
  log "stopping DaCHS (pid $pid)"
  if command -v dachs >/dev/null && getent passwd dachsroot >/dev/null && [ "$(id -u)" = 0 ]; then
    (cd / && su -s /bin/sh dachsroot -c "dachs serve stop") >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
  if alive "$pid"; then
    log "still running; sending SIGTERM to $pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do alive "$pid" || break; sleep 0.2; done
  fi
  if alive "$pid"; then
    log "still running; sending SIGKILL to $pid"
    kill -9 "$pid" 2>/dev/null || true
  fi
  log "stopped"
else
  log "DaCHS is not running"
fi
rm -f "$STATE/dachs.pid"

if [ "$WITH_PG" = 1 ]; then
  pg_lsclusters -h 2>/dev/null | while read -r ver cl _ status _; do
    if [ "$status" = online ]; then
      log "stopping PostgreSQL $ver/$cl"
      pg_ctlcluster "$ver" "$cl" stop
    fi
  done
fi
exit 0
