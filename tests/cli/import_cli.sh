#!/bin/sh
# `ungdb import`: deliveries into the store, rejects reported as the register
# builder reports them, and a second run changes nothing.
set -u
UNGDB=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$UNGDB" gen --out "$T/d" --institutions 2 --pupils-per-institution 40 --weeks 3 --seed 7 --errors 0.01 --quiet || fail gen
"$UNGDB" import "$T/d" --db "$T/s.sqlite" >"$T/out" 2>"$T/err" || fail "import: $(cat "$T/err")"
grep -q "^  deliveries      3$" "$T/out" || fail "summary: $(cat "$T/out")"
grep -Eq '^2025-06-[0-9]+/[a-z_]+\.csv:[0-9]+: [a-z_]+: ' "$T/err" || fail "rejects are not listed as delivery/file:line: code: message: $(head -3 "$T/err")"
n=$(grep -c '' "$T/err"); r=$(sed -n 's/^  rows rejected *//p' "$T/out"); s=$(sed -n 's/^  not loaded *//p' "$T/out")
[ "$n" = "$((r + s))" ] || fail "$n reject lines, summary says $r rejected and $s not loaded"
q() { sqlite3 -readonly "$T/s.sqlite" "$1"; }
[ "$(q 'SELECT count(*) FROM institutions')" = 2 ] || fail "institutions"
[ "$(q 'SELECT count(*) FROM lessons')" -gt 100 ] || fail "lessons"
[ "$(q "SELECT count(*) FROM enrolments WHERE role = 'pupil'")" -ge 80 ] || fail "pupils"
[ "$(q 'SELECT count(*) FROM group_members')" -gt 80 ] || fail "members"
[ "$(q 'SELECT count(*) FROM persons WHERE family_name IS NULL')" = 0 ] || fail "names missing"
[ "$(q 'SELECT count(*) FROM imports')" = 1 ] || fail "import not recorded"
dump() { for t in institutions persons enrolments groups group_members lessons lesson_groups lesson_staff imports; do
    q "SELECT * FROM $t ORDER BY 1, 2"; done; }
dump >"$T/dump1"
"$UNGDB" import "$T/d" --db "$T/s.sqlite" >"$T/out2" 2>/dev/null || fail "second import"
grep -q "rows changed    0 (already imported" "$T/out2" || fail "second import changed rows: $(cat "$T/out2")"
dump >"$T/dump2"
cmp -s "$T/dump1" "$T/dump2" || fail "the second import changed the store"
# one delivery given by its own directory works too, and an unknown path is an error naming it
"$UNGDB" import "$T/d/2025-06-02" --db "$T/s2.sqlite" >/dev/null 2>&1 || fail "a single delivery"
"$UNGDB" import "$T/nowhere" --db "$T/s3.sqlite" 2>"$T/err3" && fail "a missing directory was accepted"
grep -q "nowhere" "$T/err3" || fail "the error does not name the path: $(cat "$T/err3")"
"$UNGDB" import 2>/dev/null; [ $? = 2 ] || fail "no arguments is a usage error"
echo "ok import_cli"
