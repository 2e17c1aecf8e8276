#!/bin/sh
# Installs the Debian packages ungdb needs, if any is missing. Uses sudo when
# not root. Safe to run again: it does nothing when all are there.
#   scripts/install-deps.sh          what building and testing need
#   scripts/install-deps.sh --bench  the same (make bench's DuckDB comes from npm)
# Node.js and npm build the web application; chromium runs its browser tests.
set -eu
PKGS="build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
libsqlite3-dev libsodium-dev libjansson-dev libcmocka-dev libutf8proc-dev sqlite3 libmicrohttpd-dev curl jq yq
libxlsxwriter-dev libhpdf-dev poppler-utils nodejs npm chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# nodejs/npm may come from elsewhere than Debian; a working node is enough.
case "$missing" in *nodejs*|*npm*)
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
    fi;;
esac
missing=$(echo "$missing" | xargs)
[ -z "$missing" ] && exit 0
echo "install-deps: installing: $missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
