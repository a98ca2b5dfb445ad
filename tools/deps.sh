#!/bin/sh
# Install the Debian packages ankestat needs, when any is missing.
# As root this runs apt-get; otherwise it prints the exact command to run.
set -e
PKGS="build-essential pkg-config libcsv-dev libgsl-dev libglib2.0-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils clang libclang-rt-14-dev valgrind"
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
