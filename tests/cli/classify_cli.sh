#!/bin/sh
# Whole-program test of `ungdb classify`: output format, --explain, invalid
# UTF-8 lines, CRLF input, --dictionary and UNGDB_SUBJECTS, dictionary errors,
# --check, usage errors, and that it works from any directory. $1 is ungdb.
set -u
UNGDB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() {
    echo "FAIL $*"
    fails=$((fails + 1))
}
T=$(printf '\t')

# Format: CODE<TAB>TITLE per line, in input order, titles echoed as given.
printf 'Dansk 4.a\nMAT\nFrikvarter\n\nfys/kem\n' | "$UNGDB" classify >"$TMP/out" 2>"$TMP/err"
[ $? = 0 ] || fail "plain run exit status"
printf 'dansk\tDansk 4.a\nmatematik\tMAT\nanden\tFrikvarter\nanden\t\nfysik_kemi\tfys/kem\n' >"$TMP/want"
cmp -s "$TMP/out" "$TMP/want" || { fail "plain output"; diff "$TMP/want" "$TMP/out"; }
[ -s "$TMP/err" ] && fail "plain run wrote to stderr: $(cat "$TMP/err")"

# CRLF input, a TAB inside a title (printed as a space), no final newline.
printf 'Idr\303\246t\r\nDa\tnsk\r\nUUV' | "$UNGDB" classify >"$TMP/out"
printf 'idraet\tIdr\303\246t\ndansk\tDa nsk\nuu\tUUV\n' >"$TMP/want"
cmp -s "$TMP/out" "$TMP/want" || { fail "CRLF output"; diff "$TMP/want" "$TMP/out"; }

# --explain: a third column naming the entry and its line.
printf 'Matmatik\n' | "$UNGDB" classify --explain >"$TMP/out"
grep -q "^matematik${T}Matmatik${T}name \"Matematik\" (data/subjects.tsv:[0-9]*) typo \"matmatik\" distance 1\$" "$TMP/out" ||
    fail "explain: $(cat "$TMP/out")"

# Invalid UTF-8: anden on stdout (lines stay aligned), the line on stderr, exit 1.
printf 'Dansk\nMa\377\nMusik\n' | "$UNGDB" classify >"$TMP/out" 2>"$TMP/err"
[ $? = 1 ] || fail "invalid UTF-8 exit status"
[ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "dansk anden musik " ] || fail "invalid UTF-8 output: $(cat "$TMP/out")"
grep -q "stdin:2: title: invalid UTF-8 at byte 3" "$TMP/err" || fail "invalid UTF-8 message: $(cat "$TMP/err")"

# Another dictionary, by option and by environment; the option wins.
printf 'valgfag\tQuidditch\tname\n' >"$TMP/a.tsv"
printf 'idraet\tQuidditch\tname\n' >"$TMP/b.tsv"
[ "$(echo Quidditch | "$UNGDB" classify --dictionary "$TMP/a.tsv" | cut -f1)" = valgfag ] || fail "--dictionary"
[ "$(echo Quidditch | UNGDB_SUBJECTS="$TMP/b.tsv" "$UNGDB" classify | cut -f1)" = idraet ] || fail "UNGDB_SUBJECTS"
[ "$(echo Quidditch | UNGDB_SUBJECTS="$TMP/b.tsv" "$UNGDB" classify --dictionary "$TMP/a.tsv" | cut -f1)" = valgfag ] ||
    fail "--dictionary over UNGDB_SUBJECTS"
[ "$(echo Quidditch | "$UNGDB" classify | cut -f1)" = anden ] || fail "built-in default"

# A bad dictionary: file:line: column: message, exit 1, nothing on stdout.
printf 'dansk\tDansk\tname\nmatte\tMat\tabbr\n' >"$TMP/bad.tsv"
echo Dansk | "$UNGDB" classify --dictionary "$TMP/bad.tsv" >"$TMP/out" 2>"$TMP/err"
[ $? = 1 ] || fail "bad dictionary exit status"
[ -s "$TMP/out" ] && fail "bad dictionary wrote output"
grep -q "$TMP/bad.tsv:2: code: unknown code 'matte'" "$TMP/err" || fail "bad dictionary message: $(cat "$TMP/err")"

# --check: entries and hash; the repository's file equals the built-in one.
"$UNGDB" classify --check >"$TMP/builtin" || fail "--check"
grep -q '^data/subjects.tsv (built in): [0-9]* entries, sha256 [0-9a-f]\{64\}$' "$TMP/builtin" || fail "--check: $(cat "$TMP/builtin")"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
"$UNGDB" classify --check --dictionary "$SRC/data/subjects.tsv" >"$TMP/file"
[ "$(sed 's/.*: //' "$TMP/builtin")" = "$(sed 's/.*: //' "$TMP/file")" ] || fail "built-in differs from data/subjects.tsv"

# From any directory: the built-in dictionary needs no file.
(cd / && echo "Matematik" | "$UNGDB" classify) | grep -q '^matematik' || fail "from /"

# Usage errors.
"$UNGDB" classify --bogus </dev/null >/dev/null 2>&1
[ $? = 2 ] || fail "unknown option exit status"
"$UNGDB" classify --dictionary </dev/null >/dev/null 2>&1
[ $? = 2 ] || fail "--dictionary without a value"

[ $fails = 0 ] && echo "ok classify_cli"
exit $((fails > 0))
