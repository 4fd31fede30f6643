# Shared shell functions for scripts/start-dachs.sh and the extra test beds
# under scripts/dachs/beds/<name>/bed.sh.  Source it; it sets nothing else.
#
# A test bed is a folder scripts/dachs/beds/<name>/ with a bed.sh that
# start-dachs.sh runs, after the sample data is imported and the server
# answers, in name order:
#   bash bed.sh check     exit 0 when the bed is installed and current (fast:
#                         a few curl/psql calls; also run on start-dachs's fast path)
#   bash bed.sh install   idempotent set-up (RDs into $VO_DACHS_INPUTS/<name>,
#                         dachs imp/pub, data generation); must leave the
#                         server answering (use dachs_reload, never a restart)
# Environment given to bed.sh: VO_DACHS_BASE (http://localhost:8080),
# VO_DACHS_PORT, VO_DACHS_STATE (a scratch/log folder, .vo-integ/),
# VO_DACHS_SRC (scripts/dachs), VO_DACHS_INPUTS (DaCHS's inputsDir).

log() { printf '[start-dachs] %s\n' "$*"; }
die() { printf '[start-dachs] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }'; }
# as_dachs CMD: runs CMD as DaCHS's dachsroot user
as_dachs() { (cd / && su -s /bin/sh dachsroot -c "$*"); }
# dachs_sql SQL: one psql query on the gavo database, unaligned tuples
dachs_sql() { as_dachs "psql -d gavo -tAc \"$1\"" 2>/dev/null; }
# dachs_answers: the server answers its TAP capabilities
dachs_answers() { curl -fsS -m 5 -o /dev/null "${VO_DACHS_BASE:-http://localhost:8080}/tap/capabilities" 2>/dev/null; }
# dachs_reload: SIGHUP the running server (clears RD caches, rereads
# userconfig.rd) and wait until it answers again
dachs_reload() {
  as_dachs "dachs serve reload" >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 120); do dachs_answers && return 0; sleep 0.5; done
  die "DaCHS did not answer within 60 s after a reload"
}
# dachs_imp_logged NAME RD: dachs imp RD, log in $VO_DACHS_STATE/imp-NAME.log
dachs_imp_logged() {
  as_dachs "dachs imp $2" >"$VO_DACHS_STATE/imp-$1.log" 2>&1 \
    || { tail -40 "$VO_DACHS_STATE/imp-$1.log" >&2; die "dachs imp $2 failed (log: $VO_DACHS_STATE/imp-$1.log)"; }
}
