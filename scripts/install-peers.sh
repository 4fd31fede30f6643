#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks compare against:
# STILTS (votlint checks the VOTables @vo writes; tpipe in the benchmark) and
# python3-astropy (reference reader in the benchmark), openssl (the TLS
# client-certificate protocol tests make their certificates with it). DaCHS is
# installed by scripts/start-dachs.sh. Idempotent: does nothing when all are present.
# @vo/samp's integration tests: jsamp (JSAMP hub, hubtester, calcstorm) with a
# headless JRE, python3-astropy (astropy hub and test clients), chromium (Web
# Profile in a real browser, driven by playwright-core), topcat + xvfb (TOPCAT
# as a real receiver under a virtual display; python3-pil takes its screenshot).
set -euo pipefail
want=(stilts python3-astropy python3-numpy openssl)
# The browser tests (core, samp) drive Debian's /usr/bin/chromium with
# playwright-core; no browser is ever downloaded.
want+=(chromium jsamp default-jre-headless xvfb topcat python3-pil)
# pyVO side by side (Debian's python3-pyvo 1.2.1), e.g. @vo/auth against the protected DaCHS.
want+=(python3-pyvo)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-peers: ${want[*]} already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: need root to apt-get install ${missing[*]}" >&2
  exit 1
fi
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-peers: installed ${missing[*]} in $(( $(date +%s) - start )) s"
