#!/usr/bin/env bash
# One command from a fresh clone: installs npm dependencies, builds every
# package, installs the Debian peers (STILTS, astropy) and brings up the local
# DaCHS server that the integration tests and the demo talk to.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci
npm run build
bash scripts/install-peers.sh
bash scripts/start-dachs.sh
