#!/usr/bin/env bash
# Curl checks of every sample service of the local DaCHS test bed.
#   bash scripts/dachs/smoke.sh [BASE_URL]     (default http://localhost:8080)
# Also run by `scripts/start-dachs.sh --smoke`.  Exits non-zero if any fails.
set -uo pipefail
B="${1:-${VO_DACHS_URL:-http://localhost:8080}}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); printf '  ok    %s\n' "$1"; }
bad() { FAIL=$((FAIL + 1)); printf '  FAIL  %s: %s\n' "$1" "$2"; }
rows() { grep -o '<TR>' "$1" | wc -l | tr -d ' '; }
status() { grep -o '<INFO name="QUERY_STATUS" value="[A-Z]*"' "$1" | tail -n 1 | sed 's/.*value="//; s/"//'; }
# check NAME FILE EXPECTED_STATUS EXPECTED_ROWS
check_vot() {
  local s n; s=$(status "$2"); n=$(rows "$2")
  if [ "$s" = "$3" ] && [ "$n" = "$4" ]; then ok "$1 ($s, $n rows)"
  else bad "$1" "status=$s rows=$n, wanted $3/$4"; fi
}
get() { curl -sS -m 30 -o "$1" "$2"; }
tap() { # tap FILE QUERY [extra curl args]
  local f="$1" q="$2"; shift 2
  curl -sS -m 30 -o "$f" "$B/tap/sync" --data-urlencode LANG=ADQL --data-urlencode "QUERY=$q" "$@"
}
csv_is() { # csv_is NAME FILE EXPECTED (whole CSV, rows joined by |)
  local got; got=$(tr -d '\r' <"$2" | paste -sd '|')
  if [ "$got" = "$3" ]; then ok "$1"; else bad "$1" "got '$got', wanted '$3'"; fi
}

echo "smoke checks against $B"
P="RA=10.6847&DEC=41.269"

# VOSI
get "$TMP/cap" "$B/tap/capabilities"
grep -q 'ivo://ivoa.net/std/TAP' "$TMP/cap" && ok "TAP capabilities" || bad "TAP capabilities" "no TAP capability"
get "$TMP/av" "$B/tap/availability"
grep -q '<avl:available>true' "$TMP/av" && ok "TAP availability" || bad "TAP availability" "$(head -c 200 "$TMP/av")"

# SCS
get "$TMP/scs" "$B/vosample/cat/cone/scs.xml?$P&SR=0.05&RESPONSEFORMAT=votabletd"
check_vot "SCS cone r=0.05 around M31 field" "$TMP/scs" OK 6
get "$TMP/scs2" "$B/vosample/cat/cone/scs.xml?$P&SR=0.05&VMAG=10+14.2&RESPONSEFORMAT=votabletd"
check_vot "SCS cone + custom VMAG=10 14.2 (DALI interval)" "$TMP/scs2" OK 2
get "$TMP/scs3" "$B/vosample/cat/cone/scs.xml?$P&SR=1&MAXREC=10&RESPONSEFORMAT=votabletd"
check_vot "SCS MAXREC=10 overflow" "$TMP/scs3" OVERFLOW 10
get "$TMP/scs4" "$B/vosample/cat/cone/scs.xml?RA=10.6847&SR=0.05"
grep -q '<INFO ID="Error" name="Error"' "$TMP/scs4" && ok "SCS missing DEC gives an SCS 1.03 Error INFO" || bad "SCS error" "$(head -c 300 "$TMP/scs4")"

# SIAP v1
get "$TMP/sia" "$B/vosample/img/siap/siap.xml?POS=10.6847,41.269&SIZE=0.2&RESPONSEFORMAT=votabletd"
check_vot "SIAP v1 POS/SIZE M31 field" "$TMP/sia" OK 2
get "$TMP/sia2" "$B/vosample/img/siap/siap.xml?POS=10.6847,41.269&SIZE=0.2&SEEING=1.5/2&RESPONSEFORMAT=votabletd"
check_vot "SIAP v1 + custom SEEING=1.5/2" "$TMP/sia2" OK 1
get "$TMP/sia3" "$B/vosample/img/siap/siap.xml?POS=10.6847,41.269&SIZE=0.2&DATEOBS=59000/60000&RESPONSEFORMAT=votabletd"
check_vot "SIAP v1 + custom DATEOBS=59000/60000 (MJD)" "$TMP/sia3" OK 1
get "$TMP/siam" "$B/vosample/img/siap/siap.xml?FORMAT=METADATA"
grep -q 'name="INPUT:seeing"' "$TMP/siam" && ok "SIAP v1 FORMAT=METADATA lists INPUT:seeing" || bad "SIAP METADATA" "no INPUT:seeing"

# SIAv2 (DaCHS's sitewide service over ivoa.obscore)
get "$TMP/s2" "$B/__system__/siap2/sitewide/siap2.xml?POS=CIRCLE+10.6847+41.269+0.2&RESPONSEFORMAT=votabletd"
check_vot "SIAv2 POS=CIRCLE M31 field" "$TMP/s2" OK 2
get "$TMP/s2t" "$B/__system__/siap2/sitewide/siap2.xml?POS=CIRCLE+10.6847+41.269+0.2&TIME=58000+59000&RESPONSEFORMAT=votabletd"
check_vot "SIAv2 POS + TIME 58000..59000 (2019 image only)" "$TMP/s2t" OK 1
get "$TMP/s2b" "$B/__system__/siap2/sitewide/siap2.xml?BAND=5e-7+5.5e-7&RESPONSEFORMAT=votabletd"
check_vot "SIAv2 BAND 500..550nm (B, V, R images)" "$TMP/s2b" OK 5

# image download
curl -sS -m 30 -o "$TMP/img.fits" -w '%{content_type}' "$B/getproduct/vosample/data/img/m31_V_2019.fits" >"$TMP/ct"
if [ "$(head -c 9 "$TMP/img.fits")" = "SIMPLE  =" ] && grep -q 'image/fits' "$TMP/ct"; then
  ok "image download is FITS ($(wc -c <"$TMP/img.fits") bytes)"
else bad "image download" "$(cat "$TMP/ct")"; fi

# SSAP
get "$TMP/ssa" "$B/vosample/spec/ssa/ssap.xml?REQUEST=queryData&POS=10.6847,41.269&SIZE=0.2&RESPONSEFORMAT=votabletd"
check_vot "SSAP POS/SIZE M31 field" "$TMP/ssa" OK 2
get "$TMP/ssa2" "$B/vosample/spec/ssa/ssap.xml?REQUEST=queryData&AIRMASS=1.4/1.7&RESPONSEFORMAT=votabletd"
check_vot "SSAP custom AIRMASS=1.4/1.7" "$TMP/ssa2" OK 2
get "$TMP/ssam" "$B/vosample/spec/ssa/ssap.xml?REQUEST=queryData&FORMAT=METADATA"
grep -q 'name="INPUT:airmass"' "$TMP/ssam" && ok "SSAP FORMAT=METADATA lists INPUT:airmass" || bad "SSAP METADATA" "no INPUT:airmass"
DID='ivo://vo.integ.local/~?vosample/data/spec/spec_m31_a.fits'
curl -sS -m 30 -o "$TMP/dl" -G "$B/vosample/spec/sdl/dlmeta" --data-urlencode "ID=$DID"
grep -q '#this' "$TMP/dl" && ok "datalink dlmeta" || bad "datalink dlmeta" "$(head -c 300 "$TMP/dl")"
curl -sS -m 30 -L -o "$TMP/spec.xml" "$B/getproduct/vosample/data/spec/spec_m31_a.fits"
grep -q '<VOTABLE' "$TMP/spec.xml" && ok "spectrum download is a VOTable" || bad "spectrum download" "$n lines"
curl -sS -m 30 -o "$TMP/spec.fits" -G "$B/vosample/spec/sdl/dlget" --data-urlencode "ID=$DID" --data-urlencode "FORMAT=application/fits"
[ "$(head -c 9 "$TMP/spec.fits")" = "SIMPLE  =" ] && ok "datalink dlget FORMAT=application/fits" || bad "dlget FITS" "$(head -c 200 "$TMP/spec.fits")"

# TAP sync
tap "$TMP/t1" "SELECT COUNT(*) AS n, MAX(source_id) AS maxid FROM vo_sample.cat" --data-urlencode FORMAT=csv
csv_is "TAP sync COUNT + bigint beyond 2^53" "$TMP/t1" "n,maxid|2000,4295808917923742374"
tap "$TMP/t2" "SELECT COUNT(*) AS n FROM vo_sample.cat WHERE pmra IS NULL" --data-urlencode FORMAT=csv
csv_is "TAP sync NULL count" "$TMP/t2" "n|124"
tap "$TMP/t3" "SELECT * FROM vo_sample.cat" --data-urlencode MAXREC=5 --data-urlencode RESPONSEFORMAT=votable/td
check_vot "TAP sync MAXREC=5 overflow" "$TMP/t3" OVERFLOW 5
tap "$TMP/t4" "SELECT nonsense FROM vo_sample.cat"
[ "$(status "$TMP/t4")" = ERROR ] && ok "TAP sync bad query gives QUERY_STATUS ERROR" || bad "TAP error" "$(head -c 300 "$TMP/t4")"

# ObsCore
tap "$TMP/oc" "SELECT dataproduct_type, COUNT(*) AS n FROM ivoa.obscore WHERE obs_collection LIKE 'vosample-%' GROUP BY dataproduct_type ORDER BY dataproduct_type" --data-urlencode FORMAT=csv
csv_is "ObsCore has 6 images and 5 spectra" "$TMP/oc" "dataproduct_type,n|image,6|spectrum,5"

# TAP upload join
cat >"$TMP/up.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
 <RESOURCE type="results"><TABLE name="mine">
  <FIELD name="tag" datatype="char" arraysize="*"/>
  <FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
  <FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>
  <DATA><TABLEDATA>
   <TR><TD>m31</TD><TD>10.6847</TD><TD>41.269</TD></TR>
   <TR><TD>orion</TD><TD>83.8221</TD><TD>-5.3911</TD></TR>
  </TABLEDATA></DATA>
 </TABLE></RESOURCE>
</VOTABLE>
EOF
curl -sS -m 30 -o "$TMP/up" "$B/tap/sync" -F LANG=ADQL -F FORMAT=csv -F "UPLOAD=mine,param:t" -F "t=@$TMP/up.xml" \
  -F "QUERY=SELECT m.tag, COUNT(*) AS n FROM TAP_UPLOAD.mine AS m JOIN vo_sample.cat AS c ON 1=CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', m.ra, m.dec, 0.05)) GROUP BY m.tag ORDER BY m.tag"
csv_is "TAP upload join" "$TMP/up" "tag,n|m31,6|orion,7"

# TAP async (DaCHS 2.7 ignores PHASE=RUN in the creating POST: post it to /phase)
job=$(curl -sS -m 30 -o /dev/null -w '%{redirect_url}' "$B/tap/async" --data-urlencode LANG=ADQL \
  --data-urlencode FORMAT=csv --data-urlencode "QUERY=SELECT COUNT(*) AS n FROM vo_sample.cat WHERE variable = 'true'")
if [ -z "$job" ]; then bad "TAP async create" "no 303 Location"; else
  curl -sS -m 30 -o /dev/null "$job/phase" -d PHASE=RUN
  phase=""
  for _ in $(seq 1 30); do
    phase=$(curl -sS -m 10 "$job/phase")
    case "$phase" in COMPLETED|ERROR|ABORTED) break ;; esac
    curl -sS -m 15 -o /dev/null "$job?WAIT=2&PHASE=$phase"
  done
  if [ "$phase" = COMPLETED ]; then
    curl -sS -m 30 -L -o "$TMP/async" "$job/results/result"
    csv_is "TAP async job ($job)" "$TMP/async" "n|211"
  else bad "TAP async" "phase $phase"; fi
  curl -sS -m 10 -o /dev/null -X DELETE "$job" || true
fi

echo "smoke: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
