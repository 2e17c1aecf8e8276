#!/bin/sh
# Whole-program test of `ungdb rules`: usage errors exit 2, input errors exit
# 1 naming the file and field, list and criteria print what they should.
# $1 is the ungdb binary.
set -u
UNGDB=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# run NAME WANT_STATUS WANT_STDERR_WORD ARGS...
run() {
    name=$1 want=$2 word=$3
    shift 3
    "$UNGDB" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
    if [ "$status" != "$want" ] || { [ -n "$word" ] && ! grep -qF -- "$word" "$TMP/err"; }; then
        echo "FAIL $name: ungdb $* -> status $status (want $want), stderr:"; cat "$TMP/err"
        fails=$((fails + 1))
    fi
}

CASE=$ROOT/tests/rules/duty-contact-easter-last-day/case.json
run no-args 2 "usage" rules
run bad-sub 2 "unknown subcommand" rules frob
run eval-no-file 2 "usage" rules eval
run bad-date 2 "--date" rules eval "$CASE" --date 2025-02-30
run bad-lang 2 "--lang" rules eval "$CASE" --date 2025-04-30 --lang de
run bad-summer 2 "--summer-weeks" rules eval "$CASE" --date 2025-04-30 --summer-weeks 32-27
run unknown-opt 2 "unknown option" rules eval "$CASE" --frob
run two-files 2 "one case file" rules eval "$CASE" "$CASE"
run missing-case 1 "/nonexistent.json" rules eval /nonexistent.json --date 2025-04-30
printf '[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = x\n' >"$TMP/bad.conf"
run bad-criteria 1 "bad.conf:4: threshold:" rules eval "$CASE" --date 2025-04-30 --criteria "$TMP/bad.conf"
run bad-criteria-check 1 "bad.conf:4: threshold:" rules criteria "$TMP/bad.conf"
printf '{"person": {"birth_date": "2009-03-02"}, "steps": [{"date": "2025-01-01", "kind": "call"}]}' >"$TMP/c.json"
run bad-enum 1 "c.json: steps[0].kind: unknown value \"call\"" rules eval "$TMP/c.json" --date 2025-04-30

# list: one line per rule, tab-separated id, reference, summary.
"$UNGDB" rules list >"$TMP/list" || { echo "FAIL list status"; fails=$((fails + 1)); }
grep -q "^duty.contact_deadline	bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden aktivitet § 10, stk. 1	" "$TMP/list" ||
    { echo "FAIL list lacks duty.contact_deadline"; fails=$((fails + 1)); }
grep -q "^ubd.guardians	vejledningsbekendtgørelsen § 36, stk. 3	" "$TMP/list" ||
    { echo "FAIL list lacks ubd.guardians"; fails=$((fails + 1)); }
"$UNGDB" rules list --json | grep -q '"draft": false' || { echo "FAIL list --json"; fails=$((fails + 1)); }

# criteria: the example file loads and is shown.
"$UNGDB" rules criteria "$ROOT/data/criteria/example.conf" >"$TMP/crit" ||
    { echo "FAIL example criteria"; fails=$((fails + 1)); }
grep -q "\[missing-hand-ins\].*events missing_hand_in >= 3.000 over 30 days" "$TMP/crit" ||
    { echo "FAIL criteria listing:"; cat "$TMP/crit"; fails=$((fails + 1)); }

# --lang en and --summer-weeks reach the output.
"$UNGDB" rules eval "$CASE" --date 2025-04-30 --lang en --only duty.contact >"$TMP/en"
grep -q "^\[ok\] duty.contact_deadline" "$TMP/en" || { echo "FAIL --lang en"; cat "$TMP/en"; fails=$((fails + 1)); }
grep -q "^Total: 1 ok," "$TMP/en" || { echo "FAIL --only"; cat "$TMP/en"; fails=$((fails + 1)); }

[ $fails = 0 ] && echo "ok rules_cli"
exit $fails
