#!/bin/sh
# Whole-program test of `ungdb rules simulate`: the pinned report of the
# hand-made set (tests/simulate/hand/README.md has the counts worked out by
# hand), usage errors exit 2, unusable input exits 1 naming the file, line
# and column, rejected rows exit 1 after the report and are listed.
# $1 is the ungdb binary.
set -u
UNGDB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
HAND=tests/simulate/hand

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

# The pinned report and CSV of the hand-made set.
"$UNGDB" rules simulate $HAND/criteria.conf $HAND --from 2025-09-01 --to 2025-09-21 \
    --csv "$TMP/weeks.csv" >"$TMP/report" 2>"$TMP/err"
st=$?
if [ $st != 0 ] || [ -s "$TMP/err" ]; then
    echo "FAIL hand: status $st, stderr:"; cat "$TMP/err"; fails=$((fails + 1))
fi
diff -u $HAND/expected.txt "$TMP/report" || { echo "FAIL hand report differs"; fails=$((fails + 1)); }
diff -u $HAND/expected.csv "$TMP/weeks.csv" || { echo "FAIL hand csv differs"; fails=$((fails + 1)); }
# Two threads, same report.
"$UNGDB" rules simulate $HAND/criteria.conf $HAND --from 2025-09-01 --to 2025-09-21 --threads 2 \
    >"$TMP/report2" 2>&1
cmp -s $HAND/expected.txt "$TMP/report2" || { echo "FAIL --threads 2 differs"; fails=$((fails + 1)); }
# The output names the guidance's section and the paragraphs.
grep -q 'section 3 "Anbefalinger til uddannelsesinstitution"' "$TMP/report" &&
    grep -q 'vejledningsbekendtgørelsen § 36' "$TMP/report" ||
    { echo "FAIL report lacks the references"; fails=$((fails + 1)); }

# Usage.
run no-args 2 "usage" rules simulate
run no-to 2 "usage" rules simulate $HAND/criteria.conf $HAND --from 2025-09-01
run bad-from 2 "--from: '2025-02-30' is not a date" rules simulate $HAND/criteria.conf $HAND \
    --from 2025-02-30 --to 2025-03-01
run reversed 2 "--to is before --from" rules simulate $HAND/criteria.conf $HAND \
    --from 2025-09-21 --to 2025-09-01
run too-long 2 "more than 530 weeks" rules simulate $HAND/criteria.conf $HAND \
    --from 2000-01-01 --to 2025-09-01
run bad-threads 2 "--threads" rules simulate $HAND/criteria.conf $HAND --from 2025-09-01 \
    --to 2025-09-21 --threads 0
run unknown-opt 2 "unknown option" rules simulate $HAND/criteria.conf $HAND --from 2025-09-01 \
    --to 2025-09-21 --frob
run three-args 2 "one criteria file and one directory" rules simulate a b c --from 2025-09-01 \
    --to 2025-09-21

# Input that cannot be used: exit 1, nothing on stdout.
run no-dir 1 "/nonexistent/attendance.csv: cannot open" rules simulate $HAND/criteria.conf \
    /nonexistent --from 2025-09-01 --to 2025-09-21
[ -s "$TMP/out" ] && { echo "FAIL no-dir printed a report"; fails=$((fails + 1)); }
printf '[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = x\n' >"$TMP/bad.conf"
run bad-criteria 1 "bad.conf:4: threshold:" rules simulate "$TMP/bad.conf" $HAND \
    --from 2025-09-01 --to 2025-09-21
mkdir "$TMP/hdr"
printf 'pupil,date,minutes,absent_minutes,lawful\n' >"$TMP/hdr/attendance.csv"
run bad-header 1 "attendance.csv:1: lesson_minutes: header: missing column" rules simulate \
    $HAND/criteria.conf "$TMP/hdr" --from 2025-09-01 --to 2025-09-21

# Rejected rows: the report is printed with a warning, stderr names each row,
# --rejects lists them, exit 1.
mkdir "$TMP/rej"
cp $HAND/events.csv $HAND/notices.csv "$TMP/rej/"
{ cat $HAND/attendance.csv; printf '2025-09-02,A,300,0,maybe,\n2025-09-3,B,300,0,,\n'; } \
    >"$TMP/rej/attendance.csv"
run rejects 1 "rejected: $TMP/rej/attendance.csv:67: lawful: " rules simulate \
    $HAND/criteria.conf "$TMP/rej" --from 2025-09-01 --to 2025-09-21 --rejects "$TMP/rejects.csv"
grep -q "attendance.csv:68: date: not a date" "$TMP/err" ||
    { echo "FAIL rejects: line 68"; cat "$TMP/err"; fails=$((fails + 1)); }
grep -q "WARNING: 2 rows rejected" "$TMP/out" || { echo "FAIL rejects: no warning"; fails=$((fails + 1)); }
grep -q "^2025-W37  2025-09-08        5        5      4           8" "$TMP/out" ||
    { echo "FAIL rejects: counts changed"; cat "$TMP/out"; fails=$((fails + 1)); }
printf 'file,line,field,message\nattendance.csv,67,lawful,"yes, no, or empty when absent_minutes is 0"\nattendance.csv,68,date,not a date (YYYY-MM-DD)\n' >"$TMP/want_rejects.csv"
diff -u "$TMP/want_rejects.csv" "$TMP/rejects.csv" || { echo "FAIL rejects.csv"; fails=$((fails + 1)); }

# A CPR number as a pupil id is refused and never echoed.
mkdir "$TMP/cpr"
printf 'pupil,date,lesson_minutes,absent_minutes,lawful\n010110-1235,2025-09-01,300,0,\n' \
    >"$TMP/cpr/attendance.csv"
run cpr 1 "attendance.csv:2: pupil: a CPR number" rules simulate $HAND/criteria.conf "$TMP/cpr" \
    --from 2025-09-01 --to 2025-09-07
if grep -q "010110" "$TMP/err" "$TMP/out"; then echo "FAIL cpr echoed"; fails=$((fails + 1)); fi

# A small generated set: the generator's bytes and the report are pinned
# (tests/simulate/generated/; the counts were checked against DuckDB's
# computation of bench/duckdb_simulate.mjs, which agreed on every week).
GEN=tests/simulate/generated
"$UNGDB" gen attendance --out "$TMP/g" --pupils 300 --from 2025-08-11 --to 2025-12-19 --seed 3 \
    --quiet || { echo "FAIL gen attendance"; fails=$((fails + 1)); }
(cd "$TMP/g" && sha256sum attendance.csv events.csv notices.csv) >"$TMP/sha256"
diff -u $GEN/sha256 "$TMP/sha256" || { echo "FAIL generated bytes differ"; fails=$((fails + 1)); }
"$UNGDB" rules simulate data/criteria/example.conf "$TMP/g" --from 2025-08-11 --to 2025-12-19 \
    --csv "$TMP/g.csv" 2>"$TMP/err" | sed "s|$TMP/g|GENERATED|g" >"$TMP/g.txt"
diff -u $GEN/expected.txt "$TMP/g.txt" || { echo "FAIL generated report differs"; fails=$((fails + 1)); }
diff -u $GEN/expected.csv "$TMP/g.csv" || { echo "FAIL generated csv differs"; fails=$((fails + 1)); }
run gen-usage 2 "--pupils must be 1-10000000" gen attendance --out "$TMP/x" --pupils 0 \
    --from 2025-08-11 --to 2025-12-19 --seed 1
run gen-missing 2 "required" gen attendance --out "$TMP/x" --pupils 3

[ $fails = 0 ] && echo "ok rules_simulate"
exit $fails
