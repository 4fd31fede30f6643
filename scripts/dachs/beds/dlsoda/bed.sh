#!/usr/bin/env bash
# The @vo datalink/SODA test bed (issue #9), run by scripts/start-dachs.sh
# (contract in scripts/dachs/lib.sh):
#   bash bed.sh check     exit 0 when installed and current
#   bash bed.sh install   RDs + generated data into $VO_DACHS_INPUTS/dlsoda, dachs imp
# Serves (see README.md here):
#   TAP     vo_dlsoda_img.images (125 images), vo_dlsoda_spec.data (125 spectra),
#           ivoa.obscore collection 'vodl-spec' (access_url = datalink document)
#   SSAP    $BASE/dlsoda/spec/ssa/ssap.xml
#   datalink + SODA  $BASE/dlsoda/img/dl/{dlmeta,dlget}, $BASE/dlsoda/spec/sdl/{dlmeta,dlget}
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../lib.sh
. "$HERE/../../lib.sh"
BASE="${VO_DACHS_BASE:-http://localhost:8080}"
STATE="${VO_DACHS_STATE:-/tmp}"
INPUTS="${VO_DACHS_INPUTS:-$(as_dachs "dachs config inputsDir" 2>/dev/null || echo /var/gavo/inputs)}"
DEST="$INPUTS/dlsoda"
PY=/usr/bin/python3
N=125

stamp() { { echo "base=$BASE"; cat "$HERE/gen_data.py" "$HERE"/*.rd; } | sha256sum | cut -d' ' -f1; }

check() {
  [ "$(cat "$DEST/.vo-integ-stamp" 2>/dev/null)" = "$(stamp)" ] || return 1
  [ "$(dachs_sql "SELECT (SELECT COUNT(*) FROM vo_dlsoda_img.images) || '/' || (SELECT COUNT(*) FROM vo_dlsoda_spec.data) || '/' || (SELECT COUNT(*) FROM ivoa.obscore WHERE obs_collection = 'vodl-spec')")" = "$N/$N/$N" ] || return 1
  curl -fsS -m 10 -o /dev/null "$BASE/dlsoda/img/dl/dlmeta?ID=ivo://vo.integ.local/~?dlsoda/data/img/dlimg_000.fits"
}

install() {
  mkdir -p "$DEST"
  rm -f "$DEST"/*.rd
  cp "$HERE"/img.rd "$HERE"/spec.rd "$DEST/"
  rm -rf "$DEST/data"
  "$PY" "$HERE/gen_data.py" "$DEST/data" >"$STATE/gen-dlsoda.log"
  chown -R dachsroot:gavo "$DEST"
  dachs_imp_logged dlsoda-img dlsoda/img
  dachs_imp_logged dlsoda-spec dlsoda/spec
  stamp >"$DEST/.vo-integ-stamp"
  dachs_reload
}

case "${1:-}" in
  check) check ;;
  install) install ;;
  *) echo "usage: bed.sh check|install" >&2; exit 2 ;;
esac
