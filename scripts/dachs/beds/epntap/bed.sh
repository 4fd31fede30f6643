#!/usr/bin/env bash
# The @vo EPN-TAP test bed (issue #11), run by scripts/start-dachs.sh
# (contract in scripts/dachs/lib.sh):
#   bash bed.sh check     exit 0 when installed and current
#   bash bed.sh install   q.rd + generated granules into $VO_DACHS_INPUTS/epntap, dachs imp
# Serves: TAP table vo_epntap.epn_core (EPN-TAP 2.0, 300 granules; q.rd says what is in it).
# Its registry record is scripts/dachs/beds/regtap/records/testbed.example--epntap.xml.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../lib.sh
. "$HERE/../../lib.sh"
STATE="${VO_DACHS_STATE:-/tmp}"
INPUTS="${VO_DACHS_INPUTS:-$(as_dachs "dachs config inputsDir" 2>/dev/null || echo /var/gavo/inputs)}"
DEST="$INPUTS/epntap"
PY=/usr/bin/python3
N=300

stamp() { cat "$HERE/gen_data.py" "$HERE/q.rd" | sha256sum | cut -d' ' -f1; }

check() {
  [ "$(cat "$DEST/.vo-integ-stamp" 2>/dev/null)" = "$(stamp)" ] || return 1
  [ "$(dachs_sql "SELECT COUNT(*) FROM vo_epntap.epn_core")" = "$N" ] || return 1
  [ "$(dachs_sql "SELECT COUNT(*) FROM tap_schema.tables WHERE table_name = 'vo_epntap.epn_core'")" = "1" ]
}

install() {
  mkdir -p "$DEST/data"
  cp "$HERE/q.rd" "$DEST/q.rd"
  "$PY" "$HERE/gen_data.py" "$DEST/data/granules.csv" >"$STATE/gen-epntap.log"
  chown -R dachsroot:gavo "$DEST"
  dachs_imp_logged epntap epntap/q
  stamp >"$DEST/.vo-integ-stamp"
  dachs_reload
}

case "${1:-}" in
  check) check ;;
  install) install ;;
  *) echo "usage: bed.sh check|install" >&2; exit 2 ;;
esac
