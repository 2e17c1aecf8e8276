#!/bin/sh
# `ungdb register hours` on a small generated register (6 schools x 60
# pupils x 3 weeks from 11 August 2025, seed 6: four schools that register
# completely, one that leaves out a stage, one that registers its breaks
# too). Pins the printed summary and the total rows of hours.csv (the
# subject rows depend on the classifier and are pinned by the unit test);
# the figures were checked against an independent computation from the
# register's tables (docs/hours.md). Also: a pseudonymised register gives
# the same table, --csv/--svg/--quiet, usage errors exit 2, bad input
# exits 1 naming the file and writes nothing.
set -u
UNGDB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
EXP=$HERE/register_hours
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect STATUS PATTERN-IN-STDERR CMD...
    want=$1 pat=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" = "$want" ] || fail "$* exited $got, want $want: $(cat "$T/err")"
    [ -z "$pat" ] || grep -q -- "$pat" "$T/err" || fail "$*: stderr lacks '$pat': $(cat "$T/err")"
}

"$UNGDB" gen --out "$T/d" --institutions 6 --pupils-per-institution 60 --weeks 3 \
    --start 2025-08-11 --seed 6 --quiet || fail "gen"
"$UNGDB" register build "$T/d" --out "$T/r" --quiet || fail "register build"

expect 0 "" "$UNGDB" register hours "$T/r"
sed -e 's/ ([0-9.]* s)$//' -e "s|$T/|T/|g" "$T/out" >"$T/summary.txt"
diff -u "$EXP/summary.txt" "$T/summary.txt" || fail "the summary differs from $EXP/summary.txt"
grep ',total,' "$T/r/hours.csv" >"$T/totals.csv"
diff -u "$EXP/totals.csv" "$T/totals.csv" || fail "the total rows differ from $EXP/totals.csv"
head -n 1 "$T/r/hours.csv" | grep -q '^institution,grade,subject,pupils,fte_pupils,' ||
    fail "hours.csv header"
grep -q '<svg' "$T/r/hours.svg" && grep -q '</svg>' "$T/r/hours.svg" || fail "hours.svg"
grep -q '4 of 6 institutions (66.7 %)' "$T/r/hours.svg" || fail "hours.svg lacks the share"

# The same register pseudonymised: the same table.
printf 'a secret key' >"$T/key"
"$UNGDB" register build "$T/d" --out "$T/p" --pseudonymize "$T/key" --quiet || fail "pseudonymised build"
expect 0 "" "$UNGDB" register hours "$T/p" --csv "$T/p.csv" --svg "$T/p.svg" --quiet
[ -s "$T/out" ] && fail "--quiet printed: $(cat "$T/out")"
cmp -s "$T/r/hours.csv" "$T/p.csv" || fail "a pseudonymised register gives another table"
[ -s "$T/p.svg" ] || fail "--svg"
[ -e "$T/p/hours.csv" ] && fail "--csv still wrote the default path"

# Another school year: none of its school days is in the register.
expect 1 "covers no school day of school year 2024/25" "$UNGDB" register hours "$T/r" --school-year 2024
expect 0 "" "$UNGDB" register hours "$T/r" --from 2025-08-18 --to 2025-08-22 --csv "$T/w.csv" --svg "$T/w.svg"
grep -q "period        2025-08-18 to 2025-08-22: 5 of the year's 200 school days" "$T/out" ||
    fail "--from/--to: $(cat "$T/out")"

# Usage and input errors.
expect 2 "usage" "$UNGDB" register hours
expect 2 "unknown option '--bogus'" "$UNGDB" register hours "$T/r" --bogus
expect 2 "not a year" "$UNGDB" register hours "$T/r" --school-year 20x5
expect 2 "not a date" "$UNGDB" register hours "$T/r" --from 2025-13-01
expect 2 "needs a value" "$UNGDB" register hours "$T/r" --csv
mkdir "$T/bad"
cp "$T/r/elev.csv" "$T/r/elev_gruppe.csv" "$T/r/gruppe_lektion.csv" "$T/bad/"
expect 1 "bad/lektion.csv" "$UNGDB" register hours "$T/bad"
grep -q "nothing was written" "$T/err" || fail "no 'nothing was written'"
sed '3s/,[0-9]*$/,4x/' "$T/r/lektion.csv" >"$T/bad/lektion.csv"
expect 1 "bad/lektion.csv:3: minutes: not a whole number" "$UNGDB" register hours "$T/bad"
cut -d, -f1-3,5,6 "$T/r/elev.csv" >"$T/bad/elev.csv"
expect 1 "bad/elev.csv:1: grade: required column is missing" "$UNGDB" register hours "$T/bad"
[ -e "$T/bad/hours.csv" ] && fail "a failed run wrote hours.csv"
echo "ok register_hours"
