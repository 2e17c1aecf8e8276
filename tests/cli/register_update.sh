#!/bin/sh
# register update continues a kept state: building the first deliveries with
# --state and adding the rest with update gives byte-identical output to a
# full build over all of them (issue: "the result must be byte-identical").
# Also: every table is sorted in byte order, a second build is identical,
# and the SQLite copy holds the same rows as the CSV tables.
set -eu
UNGDB=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$UNGDB" gen --out "$T/all" --institutions 3 --pupils-per-institution 60 --weeks 7 --seed 7 \
    --errors 0.01 --quiet
printf 'test-key' >"$T/key"
set -- $(ls "$T/all")
[ $# -eq 7 ] || fail "expected 7 deliveries, got $#"
mkdir "$T/first"
for d in "$1" "$2" "$3" "$4"; do ln -s "$T/all/$d" "$T/first/$d"; done

"$UNGDB" register build "$T/all" --out "$T/full" --pseudonymize "$T/key" --sqlite "$T/full.sqlite" --quiet
"$UNGDB" register build "$T/all" --out "$T/full2" --pseudonymize "$T/key" --quiet
diff -r "$T/full" "$T/full2" >/dev/null || fail "two builds of the same input differ"
# Tables written in small batches (and runs, for partitions over the budget) are the same.
UNGDB_TABLE_CHUNK=4096 "$UNGDB" register build "$T/all" --out "$T/chunked" --pseudonymize "$T/key" --quiet
diff -r "$T/full" "$T/chunked" >/dev/null || fail "tables merged from runs differ"
# Rows parsed on the applying thread (no reader thread) give the same output.
UNGDB_READER_THREAD=0 "$UNGDB" register build "$T/all" --out "$T/onethread" --pseudonymize "$T/key" --quiet
diff -r "$T/full" "$T/onethread" >/dev/null || fail "a build without the reader thread differs"

"$UNGDB" register build "$T/first" --out "$T/inc" --pseudonymize "$T/key" --state "$T/state" --quiet
"$UNGDB" register update "$T/state" "$T/all/$5" --quiet
"$UNGDB" register update "$T/state" "$T/all/$6" "$T/all/$7" --quiet
diff -r "$T/full" "$T/inc" || fail "update differs from a full build"

# An update with a delivery that is not newer than the state is refused.
if "$UNGDB" register update "$T/state" "$T/all/$3" --quiet 2>"$T/err"; then
    fail "an old delivery was accepted by update"
fi
grep -q "not after the deliveries already in the state" "$T/err" || fail "unclear message: $(cat "$T/err")"
diff -r "$T/full" "$T/inc" >/dev/null || fail "a refused update changed the output"

for f in "$T"/full/*.csv; do
    tail -n +2 "$f" >"$T/body"
    LC_ALL=C sort -c "$T/body" 2>/dev/null || fail "$(basename "$f") is not in byte order"
done
[ "$(wc -l <"$T/full/lektion.csv")" -gt 1000 ] || fail "too few lessons"
for s in dansk matematik uu; do grep -q ",$s," "$T/full/lektion.csv" || fail "no lesson classified $s"; done

for t in elev medarbejder gruppe lektion elev_gruppe gruppe_lektion medarbejder_lektion; do
    want=$(($(wc -l <"$T/full/$t.csv") - 1))
    got=$(sqlite3 "$T/full.sqlite" "SELECT count(*) FROM $t")
    [ "$want" = "$got" ] || fail "SQLite table $t has $got rows, the CSV $want"
done
sqlite3 "$T/full.sqlite" ".indexes lektion" | grep -q lektion_key || fail "no index on lektion"
echo "ok register_update"
