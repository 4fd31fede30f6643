#!/usr/bin/env bash
# The @vo authentication test bed (issue #15), run by scripts/start-dachs.sh
# (contract in scripts/dachs/lib.sh):
#   bash bed.sh check     exit 0 when installed and current
#   bash bed.sh install   DaCHS user voauth + q.rd into $VO_DACHS_INPUTS/auth, reload
# Serves, behind HTTP Basic (DaCHS limitTo="voauth"; see README.md here):
#   TAP   $BASE/auth/q/tap            sync, async, every UWS job URL
#   SCS   $BASE/auth/q/cone/scs.xml   over vo_sample.cat
# Their VOSI capabilities declare securityMethod ivo://ivoa.net/sso#BasicAA.
# Nothing is imported: the services query the sample tables of vosample.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../lib.sh
. "$HERE/../../lib.sh"
BASE="${VO_DACHS_BASE:-http://localhost:8080}"
INPUTS="${VO_DACHS_INPUTS:-$(as_dachs "dachs config inputsDir" 2>/dev/null || echo /var/gavo/inputs)}"
DEST="$INPUTS/auth"
# A test account on a loopback-only server; the tests use the same values.
AUTH_USER=voauth
AUTH_PASSWORD=vo-auth-pw-2026

status() { curl -s -m 10 -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || true; }

do_check() {
  cmp -s "$HERE/q.rd" "$DEST/q.rd" || return 1
  [ "$(status "$BASE/auth/q/tap/capabilities")" = 401 ] || return 1
  [ "$(status -u "$AUTH_USER:$AUTH_PASSWORD" "$BASE/auth/q/tap/capabilities")" = 200 ] || return 1
  [ "$(status -u "$AUTH_USER:$AUTH_PASSWORD" "$BASE/auth/q/cone/scs.xml?RA=10.6847&DEC=41.269&SR=0.05")" = 200 ]
}

do_install() {
  if [ "$(dachs_sql "SELECT COUNT(*) FROM dc.users WHERE username = '$AUTH_USER'")" = 1 ]; then
    as_dachs "dachs adm changeuser $AUTH_USER $AUTH_PASSWORD '@vo auth test bed'" >/dev/null
  else
    as_dachs "dachs adm adduser $AUTH_USER $AUTH_PASSWORD '@vo auth test bed'" >/dev/null
  fi
  mkdir -p "$DEST"
  install -m 644 "$HERE/q.rd" "$DEST/q.rd"
  chown -R dachsroot:gavo "$DEST"
  as_dachs "dachs val auth/q" >"${VO_DACHS_STATE:-/tmp}/val-auth.log" 2>&1 \
    || { cat "${VO_DACHS_STATE:-/tmp}/val-auth.log" >&2; die "dachs val auth/q failed"; }
  dachs_reload
}

case "${1:-}" in
  check) do_check ;;
  install) do_install ;;
  *) echo "usage: bed.sh check|install" >&2; exit 2 ;;
esac
