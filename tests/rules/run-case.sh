#!/bin/sh
# Runs one golden case of the rules engine: tests/rules/CASE/ holds
#   case.json        the case (docs/rules.md)
#   date             the evaluation date, YYYY-MM-DD
#   args             optional extra arguments ($CASE is the case folder),
#                    e.g. --criteria $CASE/criteria.conf
#   expected.txt     the text output (Danish, the default)
#   expected.json    optional: the --json output
#   expected.stderr  optional: stderr (absent: stderr must be empty)
#   expected.exit    optional: the exit status (absent: 0)
# UNGDB_BLESS=1 writes the actual results into the expected files instead,
# for a person to read against the paragraphs before committing.
set -u
UNGDB=$1
CASE=$(cd "$2" && pwd)
ACT=$(mktemp -d)
trap 'rm -rf "$ACT"' EXIT
date=$(cat "$CASE/date")
extra=""
[ -f "$CASE/args" ] && extra=$(sed -e "s#\$CASE#$CASE#g" "$CASE/args")
# shellcheck disable=SC2086
"$UNGDB" rules eval "$CASE/case.json" --date "$date" $extra >"$ACT/txt" 2>"$ACT/err"
status=$?
sed -i -e "s#$CASE#\$CASE#g" "$ACT/txt" "$ACT/err"
json_status=0
if [ -f "$CASE/expected.json" ] || [ "${UNGDB_BLESS:-}" = 1 ]; then
    # shellcheck disable=SC2086
    "$UNGDB" rules eval "$CASE/case.json" --date "$date" --json $extra >"$ACT/json" 2>/dev/null
    json_status=$?
    sed -i -e "s#$CASE#\$CASE#g" "$ACT/json"
fi
if [ "${UNGDB_BLESS:-}" = 1 ]; then
    cp "$ACT/txt" "$CASE/expected.txt"
    if [ "$status" = 0 ]; then cp "$ACT/json" "$CASE/expected.json"; else rm -f "$CASE/expected.json"; fi
    if [ -s "$ACT/err" ]; then cp "$ACT/err" "$CASE/expected.stderr"; else rm -f "$CASE/expected.stderr"; fi
    if [ "$status" != 0 ]; then echo "$status" >"$CASE/expected.exit"; else rm -f "$CASE/expected.exit"; fi
    echo "blessed $CASE"
    exit 0
fi
fail=0
want=0
[ -f "$CASE/expected.exit" ] && want=$(cat "$CASE/expected.exit")
[ "$status" = "$want" ] || { echo "FAIL exit status: got $status, want $want"; fail=1; }
diff -u "$CASE/expected.txt" "$ACT/txt" || { echo "FAIL text output differs"; fail=1; }
if [ -f "$CASE/expected.stderr" ]; then
    diff -u "$CASE/expected.stderr" "$ACT/err" || { echo "FAIL stderr differs"; fail=1; }
elif [ -s "$ACT/err" ]; then
    echo "FAIL unexpected stderr:"; cat "$ACT/err"; fail=1
fi
if [ -f "$CASE/expected.json" ]; then
    [ "$json_status" = 0 ] || { echo "FAIL --json exit status $json_status"; fail=1; }
    diff -u "$CASE/expected.json" "$ACT/json" || { echo "FAIL json output differs"; fail=1; }
fi
[ $fail = 0 ] && echo "ok $(basename "$CASE")"
exit $fail
