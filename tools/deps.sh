#!/bin/sh
# Install the Debian packages ankestat needs, when any is missing.
#   tools/deps.sh engine   what the engine needs to build and run (make report)
#   tools/deps.sh test     that, and what the tests need (make test)
# The lists are tools/deps-engine.txt and tools/deps-test.txt, one package a
# line ('#' starts a comment: say why each package is there).
# As root this runs apt-get; otherwise it prints the exact command to run.
set -e
here=$(dirname "$0")
lists="$here/deps-engine.txt"
[ "${1:-engine}" = test ] && lists="$lists $here/deps-test.txt"
PKGS=$(sed -e 's/#.*//' $lists | tr -s ' \t' '\n' | grep -v '^$' || true)
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "deps: missing Debian packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
