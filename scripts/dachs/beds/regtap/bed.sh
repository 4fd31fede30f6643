#!/usr/bin/env bash
# The RegTAP test bed: an rr schema (RegTAP 1.1 + the 1.2 coverage tables) on
# the local DaCHS, filled from records/*.xml and the DaCHS's own records
# (OAI-PMH).  Contract in scripts/dachs/lib.sh; details in README.md.
#   bash bed.sh check     current? (stamp of q.rd, import.py, records/*.xml;
#                         row count; as many harvested records as OAI-PMH lists)
#   bash bed.sh install   (when q.rd changed: dachs imp; once: dachs pub //tap; then
#                         a reload) and the import, one transaction
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../lib.sh
. "$HERE/../../lib.sh"
BASE="${VO_DACHS_BASE:-http://localhost:8080}"
STATE="${VO_DACHS_STATE:-$HERE/../../../../.vo-integ}"
PY=/usr/bin/python3
RESDIR=regtap

inputs() { echo "${VO_DACHS_INPUTS:-$(as_dachs "dachs config inputsDir" 2>/dev/null || echo /var/gavo/inputs)}"; }
stamp() { cat "$HERE/q.rd" "$HERE/import.py" "$HERE"/records/*.xml | sha256sum | cut -d' ' -f1; }
tap_value() {
  curl -fsS -m 20 "$BASE/tap/sync" --data-urlencode LANG=ADQL --data-urlencode FORMAT=csv \
    --data-urlencode "QUERY=$1" 2>/dev/null | tr -d '\r' | tail -n 1
}
# number of records DaCHS lists in its ivo_managed OAI-PMH set
oai_count() {
  curl -fsS -m 20 "$BASE/oai.xml?verb=ListIdentifiers&metadataPrefix=ivo_vor&set=ivo_managed" 2>/dev/null \
    | grep -o '<oai:identifier>' | wc -l
}

do_check() {
  local dest stats resources harvested
  dest="$(inputs)/$RESDIR"
  [ "$(cat "$dest/.vo-integ-stamp" 2>/dev/null)" = "$(stamp)" ] || { echo "regtap: stamp differs"; return 1; }
  stats="$(cat "$dest/.vo-integ-stats" 2>/dev/null)" || return 1
  resources="${stats#*resources=}"; resources="${resources%% *}"
  harvested="${stats#*harvested=}"; harvested="${harvested%% *}"
  [ "$(tap_value "SELECT COUNT(*) AS n FROM rr.resource")" = "$resources" ] || { echo "regtap: rr.resource count differs"; return 1; }
  [ "$(oai_count)" = "$harvested" ] || { echo "regtap: DaCHS publishes a different number of records now"; return 1; }
  curl -fsS -m 10 "$BASE/tap/capabilities" 2>/dev/null | grep -c "ivo://ivoa.net/std/RegTAP#1.1" >/dev/null || { echo "regtap: TAP does not declare RegTAP"; return 1; }
}

do_install() {
  local dest missing=()
  for p in python3-lxml python3-healpy; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "regtap: apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >"$STATE/apt-regtap.log" 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } \
         >>"$STATE/apt-regtap.log" 2>&1 || die "apt-get install ${missing[*]} failed (log: $STATE/apt-regtap.log)"
  fi
  dest="$(inputs)/$RESDIR"
  mkdir -p "$dest"
  # Other beds' installs and tests run meanwhile: recreate the tables (and reload
  # the server) only when q.rd changed; otherwise the reload below is one
  # transaction, so readers never see empty rr tables.
  local changed=0
  if ! cmp -s "$HERE/q.rd" "$dest/q.rd" || [ "$(dachs_sql "SELECT to_regclass('rr.resource') IS NOT NULL")" != t ]; then
    install -m 644 "$HERE/q.rd" "$dest/q.rd"
    chown -R dachsroot:gavo "$dest"
    dachs_imp_logged regtap "$RESDIR/q"
    changed=1
  fi
  # the TAP service's own record: the registry lists the RegTAP service itself
  if ! curl -fsS -m 20 "$BASE/oai.xml?verb=ListIdentifiers&metadataPrefix=ivo_vor&set=ivo_managed" 2>/dev/null | grep -c "ivo://[^<]*/tap<" >/dev/null; then
    as_dachs "dachs pub //tap" >"$STATE/pub-regtap.log" 2>&1 || { cat "$STATE/pub-regtap.log" >&2; die "dachs pub //tap failed"; }
    changed=1
  fi
  # the TAP capabilities (data models) and the OAI-PMH records are cached: reload
  [ "$changed" = 1 ] && dachs_reload
  "$PY" "$HERE/import.py" --oai "$BASE/oai.xml" --stats "$STATE/regtap-stats" "$HERE"/records/*.xml >"$STATE/regtap-load.sql" \
    || die "regtap: import.py failed"
  as_dachs "psql -q -d gavo" <"$STATE/regtap-load.sql" >"$STATE/regtap-psql.log" 2>&1 \
    || { tail -20 "$STATE/regtap-psql.log" >&2; die "regtap: loading the rr tables failed (log: $STATE/regtap-psql.log)"; }
  grep -qi error "$STATE/regtap-psql.log" && { tail -20 "$STATE/regtap-psql.log" >&2; die "regtap: psql reported an error"; }
  cp "$STATE/regtap-stats" "$dest/.vo-integ-stats"
  stamp >"$dest/.vo-integ-stamp"
  log "regtap: $(cat "$dest/.vo-integ-stats")"
}

case "${1:-}" in
  check) do_check ;;
  install) do_install ;;
  *) echo "usage: bed.sh check|install" >&2; exit 2 ;;
esac
