#!/bin/sh
# lektion.csv's subject column (register spec § 7): it is what `ungdb
# classify` says of each title; --dictionary (and UNGDB_SUBJECTS) change it;
# a kept state records the dictionary, `update` reuses it, and an update with
# another dictionary classifies every lesson again and says so, giving the
# output of a full build with that dictionary. A bad dictionary stops the
# build before anything is read or written. $1 is the ungdb binary.
set -eu
UNGDB=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
TAB=$(printf '\t')

"$UNGDB" gen --out "$T/all" --institutions 2 --pupils-per-institution 40 --weeks 4 --seed 3 --quiet
set -- $(ls "$T/all")
mkdir "$T/first"
for d in "$1" "$2" "$3"; do ln -s "$T/all/$d" "$T/first/$d"; done

# The built-in dictionary: every distinct title has the subject classify gives it.
"$UNGDB" register build "$T/all" --out "$T/full" --sqlite "$T/full.sqlite" >"$T/summary"
grep -q "subjects .* distinct titles, .* dictionary data/subjects.tsv (built in)" "$T/summary" ||
    fail "summary: $(cat "$T/summary")"
sqlite3 -separator "$TAB" "$T/full.sqlite" "SELECT DISTINCT subject, title FROM lektion" | LC_ALL=C sort >"$T/reg"
sqlite3 "$T/full.sqlite" "SELECT DISTINCT title FROM lektion" | "$UNGDB" classify | LC_ALL=C sort >"$T/cls"
cmp -s "$T/reg" "$T/cls" || { diff "$T/cls" "$T/reg" | head; fail "register subjects differ from ungdb classify"; }
[ "$(cut -f1 "$T/reg" | sort -u | wc -l)" -ge 15 ] || fail "fewer than 15 subjects in a generated school"

# Another dictionary: Dansk becomes valgfag (an absurd file, to see it used).
{ printf 'valgfag\tDansk\tname\n'; grep -v "^dansk${TAB}Dansk${TAB}name" "$(dirname "$0")/../../data/subjects.tsv"; } >"$T/odd.tsv"
"$UNGDB" register build "$T/all" --out "$T/odd" --dictionary "$T/odd.tsv" --quiet
grep -q ',Dansk,valgfag,' "$T/odd/lektion.csv" || fail "--dictionary not used"
grep -q ',Dansk,' "$T/full/lektion.csv" && ! grep -q ',Dansk,dansk,' "$T/full/lektion.csv" && fail "built-in: Dansk is not dansk"
UNGDB_SUBJECTS="$T/odd.tsv" "$UNGDB" register build "$T/all" --out "$T/odd_env" --quiet
diff -r "$T/odd" "$T/odd_env" >/dev/null || fail "UNGDB_SUBJECTS not used"

# A kept state reuses its dictionary: built with odd.tsv, updated without.
"$UNGDB" register build "$T/first" --out "$T/inc" --state "$T/state" --dictionary "$T/odd.tsv" --quiet
grep -q '"dictionary": ".*odd.tsv"' "$T/state/settings.json" || fail "state does not record the dictionary"
grep -q '"dictionary_sha256": "[0-9a-f]\{64\}"' "$T/state/settings.json" || fail "state does not record the hash"
"$UNGDB" register update "$T/state" "$T/all/$4" >"$T/upd"
grep -q "note" "$T/upd" && fail "same dictionary reported as changed"
diff -r "$T/odd" "$T/inc" || fail "update with the recorded dictionary differs from a full build"

# Another dictionary at update: every lesson classified again, and said.
"$UNGDB" register build "$T/first" --out "$T/inc2" --state "$T/state2" --dictionary "$T/odd.tsv" --quiet
"$UNGDB" register update "$T/state2" "$T/all/$4" --dictionary "$(dirname "$0")/../../data/subjects.tsv" >"$T/upd2"
grep -q "the dictionary differs from the one the state was written with" "$T/upd2" || fail "change not reported: $(cat "$T/upd2")"
diff -r "$T/full" "$T/inc2" || fail "update with a new dictionary differs from a full build with it"

# A bad dictionary: file:line: column, exit 1, nothing written.
printf 'dansk\tDansk\tname\nmatte\tMat\tabbr\n' >"$T/bad.tsv"
if "$UNGDB" register build "$T/all" --out "$T/bad" --dictionary "$T/bad.tsv" --quiet 2>"$T/err"; then
    fail "a bad dictionary was accepted"
fi
grep -q "bad.tsv:2: code: unknown code 'matte'" "$T/err" || fail "message: $(cat "$T/err")"
[ -e "$T/bad" ] && fail "a bad dictionary wrote output"

# The recorded dictionary is gone: update says which file.
mv "$T/odd.tsv" "$T/gone.tsv"
if "$UNGDB" register update "$T/state" "$T/all/$4" --quiet 2>"$T/err"; then fail "missing dictionary accepted"; fi
grep -q "odd.tsv: cannot read the dictionary" "$T/err" || fail "message: $(cat "$T/err")"
echo "ok register_subjects"
