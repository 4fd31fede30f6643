#!/usr/bin/env bash
# Brings up the project's integration environment: a local GAVO DaCHS
# (Debian's gavodachs2-server) on loopback with the @vo sample data
# (catalogue via SCS+TAP, images via SIAP v1/SIAv2, spectra via SSAP+datalink,
# all images and spectra in ivoa.obscore, TAP examples at /tap/examples from
# scripts/dachs/userconfig.rd).
#
#   bash scripts/start-dachs.sh            # install/import/start as needed
#   bash scripts/start-dachs.sh --smoke    # ... then run scripts/dachs/smoke.sh
#   bash scripts/start-dachs.sh --reimport # force regenerating + reimporting data
#
# Idempotent: when the server already answers, serves the sample data and the
# TAP examples, and the installed userconfig.rd is current, it only says so.
# A changed userconfig.rd is installed and the running server reloaded
# (no data reimport).  Needs root for the apt/PostgreSQL/DaCHS steps (Debian 12).
#
# Environment:
#   VO_DACHS_PORT     port to serve on (default 8080)
#   VO_DACHS_TIMEOUT  seconds to wait for the server to answer (default 90)
#
# Prints the base URL last, as `VO_DACHS_URL=http://localhost:8080`.
# See docs/integration.md.
set -euo pipefail

PORT="${VO_DACHS_PORT:-8080}"
BASE="http://localhost:${PORT}"
TIMEOUT="${VO_DACHS_TIMEOUT:-90}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$REPO/.vo-integ"
SRC="$REPO/scripts/dachs"
PY=/usr/bin/python3          # Debian's python, with astropy + numpy
RESDIR=vosample              # folder under DaCHS's inputsDir
RDS=(cat img spec)
DACHS_LOGS=/var/gavo/logs
USERCONFIG=/var/gavo/etc/userconfig.rd   # DaCHS's configDir/userconfig.rd

SMOKE=0
REIMPORT=0
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    --reimport) REIMPORT=1 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start-dachs: unknown argument $arg" >&2; exit 2 ;;
  esac
done

mkdir -p "$STATE"
T_ALL=$(date +%s.%N)
# shellcheck source=dachs/lib.sh
. "$SRC/lib.sh"
# step NAME CMD...: runs CMD, prints how long it took
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s.%N)
  log "$name ..."
  "$@"
  log "$name done in $(elapsed "$t0")"
}

answers() { curl -fsS -m 5 -o /dev/null "$BASE/tap/capabilities" 2>/dev/null; }
serves_sample() {
  curl -fsS -m 10 "$BASE/tap/sync" --data-urlencode LANG=ADQL --data-urlencode FORMAT=csv \
    --data-urlencode "QUERY=SELECT COUNT(*) AS n FROM ivoa.obscore WHERE obs_collection LIKE 'vosample-%'" 2>/dev/null \
    | tr -d '\r' | tail -n 1 | grep -qx '11'
}
# /tap/examples answers 404 while it lists no example, 200 once it has some
serves_examples() { curl -fsS -m 10 -o /dev/null "$BASE/tap/examples" 2>/dev/null; }
userconfig_current() { cmp -s "$SRC/userconfig.rd" "$USERCONFIG"; }
finish() {
  log "total $(elapsed "$T_ALL")"
  if [ "$SMOKE" = 1 ]; then
    local t0; t0=$(date +%s.%N)
    bash "$SRC/smoke.sh" "$BASE" || die "smoke checks failed"
    log "smoke checks passed in $(elapsed "$t0")"
  fi
  echo "VO_DACHS_URL=$BASE"
}

# ---------------------------------------------------------------- extra test beds
# scripts/dachs/beds/<name>/bed.sh (contract in scripts/dachs/lib.sh)
export VO_DACHS_BASE="$BASE" VO_DACHS_PORT="$PORT" VO_DACHS_STATE="$STATE" VO_DACHS_SRC="$SRC"
bed_scripts() { ls "$SRC"/beds/*/bed.sh 2>/dev/null | sort; }
beds_current() {
  local bed
  for bed in $(bed_scripts); do
    bash "$bed" check >/dev/null 2>&1 || return 1
  done
}
install_beds() {
  local bed name
  for bed in $(bed_scripts); do
    name=$(basename "$(dirname "$bed")")
    if bash "$bed" check >/dev/null 2>&1 && [ "$REIMPORT" = 0 ]; then
      log "test bed $name current"
      continue
    fi
    step "test bed $name" bash "$bed" install
    bash "$bed" check || die "test bed $name: 'bed.sh check' still fails after 'bed.sh install'"
  done
}

# ---------------------------------------------------------------- fast path
if answers && serves_sample && userconfig_current && serves_examples && [ "$REIMPORT" = 0 ] && VO_DACHS_INPUTS=$(as_dachs "dachs config inputsDir" 2>/dev/null) beds_current; then
  log "DaCHS already answers at $BASE with the sample data, TAP examples and test beds; nothing to do"
  finish
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  if answers && serves_sample; then
    die "DaCHS answers at $BASE, but $USERCONFIG differs from scripts/dachs/userconfig.rd, /tap/examples lists nothing or a test bed is not current; updating needs root"
  fi
  die "DaCHS is not answering at $BASE, and setting it up needs root (apt-get, PostgreSQL, dachsroot)"
fi

# ---------------------------------------------------------------- packages
pkg_ok() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do pkg_ok "$p" || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && { log "packages already installed: $*"; return 0; }
  if [ "$APT_UPDATED" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$STATE/apt.log" 2>&1 \
      || { tail -20 "$STATE/apt.log" >&2; die "apt-get update failed (log: $STATE/apt.log)"; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$STATE/apt.log" 2>&1 \
    || { tail -30 "$STATE/apt.log" >&2; die "apt-get install ${missing[*]} failed (log: $STATE/apt.log)"; }
}

pg_start() {
  local line ver cl status
  line=$(pg_lsclusters -h | head -n 1)
  if [ -z "$line" ]; then
    ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    log "no PostgreSQL cluster; creating $ver/main"
    pg_createcluster "$ver" main >/dev/null
    line=$(pg_lsclusters -h | head -n 1)
  fi
  read -r ver cl _ status _ <<<"$line"
  if [ "$status" = online ]; then
    log "PostgreSQL $ver/$cl already online"
  else
    pg_ctlcluster "$ver" "$cl" start || {
      tail -20 "/var/log/postgresql/postgresql-$ver-$cl.log" >&2; die "could not start PostgreSQL $ver/$cl"; }
  fi
}

dachs_configure() {
  # the package's post-install step needs a running PostgreSQL; finish it
  # if it ran before the cluster was up
  if [ -n "$(dpkg --audit 2>/dev/null)" ] || ! pkg_ok gavodachs2-server; then
    DEBIAN_FRONTEND=noninteractive dpkg --configure -a >>"$STATE/apt.log" 2>&1 \
      || { tail -30 "$STATE/apt.log" >&2; die "dpkg --configure -a failed"; }
  fi
  getent passwd dachsroot >/dev/null || die "no dachsroot user after installing gavodachs2-server"
  command -v dachs >/dev/null || die "no dachs command after installing gavodachs2-server"
}

write_config() {
  local want
  want=$(cat <<EOF
# written by @vo scripts/start-dachs.sh; see docs/integration.md
[web]
serverURL: $BASE
serverPort: $PORT
bindAddress: 127.0.0.1
adminpasswd: vo-integ-local
sitename: @vo integration test bed
corsOriginPat: .*

[ivoa]
authority: vo.integ.local

[async]
maxTAPRunning: 4
EOF
)
  if [ -f /etc/gavo.rc ] && [ "$(cat /etc/gavo.rc)" = "$want" ]; then
    log "/etc/gavo.rc up to date"
  else
    printf '%s\n' "$want" >/etc/gavo.rc
    CONFIG_CHANGED=1
    log "wrote /etc/gavo.rc"
  fi
}

# TAP examples: DaCHS 2.7 serves /tap/examples only from the tapexamples
# STREAM of configDir/userconfig.rd, so install ours there.  Not part of the
# data stamp: a changed file only needs a server reload, not a reimport.
install_userconfig() {
  if userconfig_current; then
    log "$USERCONFIG up to date"
    return 0
  fi
  install -D -m 644 -o dachsroot -g gavo "$SRC/userconfig.rd" "$USERCONFIG"
  # DaCHS ignores a broken userconfig.rd (with a note in dcErrors); fail loudly
  as_dachs "dachs val %" >"$STATE/val-userconfig.log" 2>&1 \
    || { cat "$STATE/val-userconfig.log" >&2; die "dachs val % failed for $USERCONFIG"; }
  USERCONFIG_CHANGED=1
  log "installed $USERCONFIG"
}

# ---------------------------------------------------------------- data
INPUTS=""
stamp() {
  { echo "port=$PORT"; cat "$SRC/gen_data.py" "$SRC"/vosample/*.rd; } | sha256sum | cut -d' ' -f1
}
tables_present() {
  [ "$(as_dachs "psql -d gavo -tAc \"SELECT (SELECT COUNT(*) FROM vo_sample.cat) || '/' || (SELECT COUNT(*) FROM vo_sample_img.images) || '/' || (SELECT COUNT(*) FROM vo_sample_spec.data) || '/' || (SELECT COUNT(*) FROM ivoa.obscore WHERE obs_collection LIKE 'vosample-%')\"" 2>/dev/null)" = "2000/6/5/11" ]
}
install_rds() {
  local dest="$INPUTS/$RESDIR"
  mkdir -p "$dest"
  rm -f "$dest"/*.rd
  cp "$SRC"/vosample/*.rd "$dest/"
  chown -R dachsroot:gavo "$dest"
}
gen_data() {
  local dest="$INPUTS/$RESDIR/data"
  rm -rf "$dest"
  "$PY" "$SRC/gen_data.py" "$dest"
  chown -R dachsroot:gavo "$INPUTS/$RESDIR"
}
import_obscore() {
  if as_dachs "psql -d gavo -tAc \"SELECT to_regclass('ivoa._obscoresources') IS NOT NULL\"" 2>/dev/null | grep -qx t; then
    log "ivoa.obscore already set up"
  else
    as_dachs "dachs imp //obscore" >"$STATE/imp-obscore.log" 2>&1 \
      || { tail -30 "$STATE/imp-obscore.log" >&2; die "dachs imp //obscore failed"; }
  fi
}
import_rds() {
  local rd
  for rd in "${RDS[@]}"; do
    as_dachs "dachs imp $RESDIR/$rd" >"$STATE/imp-$rd.log" 2>&1 \
      || { tail -40 "$STATE/imp-$rd.log" >&2; die "dachs imp $RESDIR/$rd failed (log: $STATE/imp-$rd.log)"; }
  done
}
publish_rds() {
  local rds="" rd
  for rd in "${RDS[@]}"; do rds="$rds $RESDIR/$rd"; done
  as_dachs "dachs pub $rds" >"$STATE/pub.log" 2>&1 \
    || { tail -30 "$STATE/pub.log" >&2; die "dachs pub failed (log: $STATE/pub.log)"; }
}

# ---------------------------------------------------------------- server
server_pid() {
  local pid
  pid=$(cat /var/gavo/state/web.pid 2>/dev/null || true)
  # a stale pid file may name a reused pid: check that it is a dachs process
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'dachs serve'; then
    echo "$pid"
  fi
}
server_logs() {
  {
    echo "--- $1"
    echo "--- tail of $DACHS_LOGS/server.stderr"; tail -n 15 "$DACHS_LOGS/server.stderr" 2>/dev/null || true
    echo "--- tail of $DACHS_LOGS/dcErrors"; tail -n 15 "$DACHS_LOGS/dcErrors" 2>/dev/null || true
    echo "--- tail of $DACHS_LOGS/web.log"; tail -n 8 "$DACHS_LOGS/web.log" 2>/dev/null || true
    echo "--- $STATE/serve-start.log"; cat "$STATE/serve-start.log" 2>/dev/null || true
  } >&2
  die "DaCHS did not come up: $1"
}
start_server() {
  local pid
  pid=$(server_pid)
  if [ -n "$pid" ]; then
    if [ "$NEED_RESTART" = 1 ]; then
      log "restarting the running DaCHS (pid $pid) for new config/data"
      as_dachs "dachs serve stop" >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    elif [ "$USERCONFIG_CHANGED" = 1 ] || ! serves_examples; then
      # SIGHUP: DaCHS clears its RD caches and rereads userconfig.rd
      log "DaCHS already running (pid $pid); reloading it for userconfig.rd"
      as_dachs "dachs serve reload" >/dev/null 2>&1 || kill -HUP "$pid" 2>/dev/null || true
    else
      log "DaCHS already running (pid $pid)"
    fi
  fi
  if [ -z "$(server_pid)" ]; then
    rm -f /var/gavo/state/web.pid
    as_dachs "dachs serve start" >"$STATE/serve-start.log" 2>&1 \
      || { cat "$STATE/serve-start.log" >&2; die "dachs serve start failed"; }
  fi
  local t0 deadline
  t0=$(date +%s)
  deadline=$(( t0 + TIMEOUT ))
  until answers; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      server_logs "DaCHS did not answer at $BASE/tap/capabilities within ${TIMEOUT}s"
    fi
    # the daemon exits at once when it cannot start (port taken, bad config)
    if [ -z "$(server_pid)" ] && [ "$(date +%s)" -ge $(( t0 + 10 )) ]; then
      server_logs "no DaCHS server process is running (see server.stderr below)"
    fi
    sleep 0.5
  done
  # a reload (or a fresh start) parses the TAP RD again on first use
  until serves_examples; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      server_logs "$BASE/tap/examples lists no example within ${TIMEOUT}s (is $USERCONFIG valid? try: dachs val %)"
    fi
    sleep 0.5
  done
  pid=$(server_pid)
  [ -n "$pid" ] && echo "$pid" >"$STATE/dachs.pid"
  log "DaCHS answers at $BASE (pid ${pid:-unknown}, pid file $STATE/dachs.pid)"
}

# ---------------------------------------------------------------- main
CONFIG_CHANGED=0
USERCONFIG_CHANGED=0
NEED_RESTART=0
step "apt: postgresql" apt_install postgresql
step "start PostgreSQL" pg_start
step "apt: gavodachs2-server python3-astropy python3-numpy" \
  apt_install gavodachs2-server python3-astropy python3-numpy curl
step "finish DaCHS package set-up" dachs_configure
step "DaCHS config" write_config
step "DaCHS userconfig (TAP examples)" install_userconfig
INPUTS=$(as_dachs "dachs config inputsDir" 2>/dev/null || true)
[ -d "$INPUTS" ] || INPUTS=/var/gavo/inputs
log "DaCHS inputs dir: $INPUTS"
export VO_DACHS_INPUTS="$INPUTS"

STAMP=$(stamp)
STAMP_FILE="$INPUTS/$RESDIR/.vo-integ-stamp"
if [ "$REIMPORT" = 0 ] && [ "$(cat "$STAMP_FILE" 2>/dev/null)" = "$STAMP" ] && tables_present; then
  log "sample data already imported (stamp $STAMP_FILE matches)"
else
  step "install resource descriptors into $INPUTS/$RESDIR" install_rds
  step "generate sample data" gen_data
  step "dachs imp //obscore" import_obscore
  step "dachs imp ${RDS[*]}" import_rds
  step "dachs pub ${RDS[*]}" publish_rds
  echo "$STAMP" >"$STAMP_FILE"
  NEED_RESTART=1
fi
[ "$CONFIG_CHANGED" = 1 ] && NEED_RESTART=1
step "start DaCHS server" start_server
serves_sample || die "DaCHS answers at $BASE but ivoa.obscore lacks the sample data; try --reimport"
install_beds

cat <<EOF
[start-dachs] services (also in scripts/dachs/services.json):
  TAP      $BASE/tap            tables vo_sample.cat, vo_sample_img.images, vo_sample_spec.data, ivoa.obscore
           $BASE/tap/examples   3 examples (scripts/dachs/userconfig.rd)
  SCS      $BASE/vosample/cat/cone/scs.xml
  SIAP v1  $BASE/vosample/img/siap/siap.xml   (custom parameter SEEING)
  SIAv2    $BASE/__system__/siap2/sitewide/siap2.xml
  SSAP     $BASE/vosample/spec/ssa/ssap.xml   (custom parameter AIRMASS)
  datalink $BASE/vosample/spec/sdl/dlmeta?ID=...
EOF
finish
