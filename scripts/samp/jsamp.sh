#!/bin/sh
# JSAMP 1.3.7 (Debian package `jsamp`) headless, for @vo/samp's integration tests.
#
#   jsamp.sh hub LOCKFILE [web]     the JSAMP hub on a private lockfile, in the foreground
#                                   (web: also the Web Profile on 21012, approving every page)
#   jsamp.sh TOOL ARGS...           any JSamp tool: hubtester, calcstorm, snooper, messagesender
#
# Debian's /usr/bin/jsamp passes no -D options; headless and 127.0.0.1 need them.
set -e
JAVA="java -Djava.awt.headless=true -Djsamp.localhost=127.0.0.1"
CP=/usr/share/java/jsamp.jar
[ -r "$CP" ] || { echo "jsamp.sh: $CP missing: apt-get install jsamp (scripts/install-peers.sh)" >&2; exit 127; }
if [ "${1:-}" = hub ]; then
  LOCK=${2:?usage: jsamp.sh hub LOCKFILE [web]}
  PROFILES="-profiles std"
  [ "${3:-}" = web ] && PROFILES="-profiles std,web -web:auth true"
  export SAMP_HUB="std-lockurl:file://$LOCK"
  # Java's user.home comes from the passwd entry, not $HOME: keep it private too.
  exec $JAVA -Duser.home="$(dirname "$LOCK")" -classpath $CP org.astrogrid.samp.JSamp hub -mode no-gui $PROFILES
fi
exec $JAVA -classpath $CP org.astrogrid.samp.JSamp "$@"
