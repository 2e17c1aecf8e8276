#!/bin/sh
# Runs one golden case: tests/golden/CASE/cmd holds the arguments of one
# ungdb run ($CASE is the case folder, $OUT a fresh empty folder). The run's
# exit status must equal expected/exit (0 when absent), its stderr must equal
# expected/stderr when that file exists, and the tree under $OUT must equal
# expected/out/ byte for byte (an absent expected/out means nothing written).
#
# UNGDB_BLESS=1 writes the actual results into expected/ instead, for a
# person to read and commit.
set -u
UNGDB=$1
CASE=$(cd "$2" && pwd)
OUT=$(mktemp -d)
ACT=$(mktemp -d)
trap 'rm -rf "$OUT" "$ACT"' EXIT
export CASE OUT
args=$(sed -e "s#\$CASE#$CASE#g" -e "s#\$OUT#$OUT#g" "$CASE/cmd")
# shellcheck disable=SC2086
(cd "$CASE" && eval "\"$UNGDB\" $args") >"$ACT/stdout" 2>"$ACT/stderr"
status=$?
sed -i -e "s#$OUT#\$OUT#g" -e "s#$CASE#\$CASE#g" "$ACT/stderr" "$ACT/stdout"
if [ "${UNGDB_BLESS:-}" = 1 ]; then
    mkdir -p "$CASE/expected"
    rm -rf "$CASE/expected/out"
    if [ -n "$(ls -A "$OUT")" ]; then cp -r "$OUT" "$CASE/expected/out"; fi
    echo "$status" >"$CASE/expected/exit"
    cp "$ACT/stderr" "$CASE/expected/stderr"
    [ -s "$ACT/stdout" ] && cp "$ACT/stdout" "$CASE/expected/stdout"
    echo "blessed $CASE"
    exit 0
fi
fail=0
want=0
[ -f "$CASE/expected/exit" ] && want=$(cat "$CASE/expected/exit")
if [ "$status" != "$want" ]; then
    echo "FAIL exit status: got $status, want $want"; fail=1
fi
if [ -f "$CASE/expected/stderr" ] && ! diff -u "$CASE/expected/stderr" "$ACT/stderr"; then
    echo "FAIL stderr differs"; fail=1
fi
if [ -f "$CASE/expected/stdout" ] && ! diff -u "$CASE/expected/stdout" "$ACT/stdout"; then
    echo "FAIL stdout differs"; fail=1
fi
if [ -d "$CASE/expected/out" ]; then
    if ! diff -ru "$CASE/expected/out" "$OUT"; then echo "FAIL output differs"; fail=1; fi
elif [ -n "$(ls -A "$OUT")" ]; then
    echo "FAIL something was written:"; ls -R "$OUT"; fail=1
fi
[ $fail = 0 ] && echo "ok $(basename "$CASE")"
exit $fail
