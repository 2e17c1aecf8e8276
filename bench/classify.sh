#!/usr/bin/env bash
# The subject classifier's part of `make bench`: its accuracy on the labelled
# sets (overall, per code, and every title it gets wrong) and its speed in
# distinct titles per second. See docs/classify.md.
#   bench/classify.sh [UNGDB]
set -euo pipefail
cd "$(dirname "$0")/.."
UNGDB=${1:-build/ungdb}
LIB=$(dirname "$UNGDB")/libungdb_engine.a
[ -x "$UNGDB" ] && [ -f "$LIB" ] || { echo "bench/classify.sh: run make build first" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo
echo "subject classifier (register spec section 7), dictionary $("$UNGDB" classify --check)"
echo
echo "== tests/classify/labelled.tsv (written with the dictionary; the unit test's floor is 99.0 %)"
tests/classify/accuracy.sh "$UNGDB" tests/classify/labelled.tsv
echo
echo "== tests/classify/heldout.tsv (written after the dictionary, not tuned on; floor 96.0 %)"
tests/classify/accuracy.sh "$UNGDB" tests/classify/heldout.tsv
echo
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -o "$TMP/classify_bench" bench/classify_bench.c "$LIB" \
    -lsqlite3 -lsodium -ljansson -lutf8proc -lm -lpthread
echo "== speed (bench/classify_bench.c: every labelled title in 96 class/team/teacher variants, one thread)"
for i in 1 2 3; do "$TMP/classify_bench" tests/classify/labelled.tsv tests/classify/heldout.tsv; done |
    sort -t: -k2 -n | tail -n 1 | sed 's/^/best of 3: /'
