#!/bin/sh
# The register command as a person meets it: usage errors exit 2, input
# errors exit 1 with a message that names the file, and a build prints its
# one-screen summary on stdout (progress and errors on stderr).
set -u
UNGDB=$1
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

"$UNGDB" gen --out "$T/d" --institutions 2 --pupils-per-institution 40 --weeks 3 --seed 5 --quiet ||
    fail "gen"

expect 2 "usage" "$UNGDB" register
expect 2 "usage" "$UNGDB" register build "$T/d"
expect 2 "unknown option '--bogus'" "$UNGDB" register build "$T/d" --out "$T/o" --bogus
expect 2 "needs a value" "$UNGDB" register build "$T/d" --out
expect 2 "unknown subcommand" "$UNGDB" register rebuild
expect 1 "cannot open the deliveries directory" "$UNGDB" register build "$T/nowhere" --out "$T/o"
[ -e "$T/o" ] && fail "a failed build wrote $T/o"
expect 1 "cannot read the key file" "$UNGDB" register build "$T/d" --out "$T/o" --pseudonymize "$T/nokey"
: >"$T/emptykey"
expect 1 "the key file is empty" "$UNGDB" register build "$T/d" --out "$T/o2" --pseudonymize "$T/emptykey"
expect 1 "pupil-register.csv" "$UNGDB" register build "$T/d" --out "$T/o3" --pupil-register "$T/pupil-register.csv"
expect 1 "cannot read the state" "$UNGDB" register update "$T/nostate" "$T/d/2025-06-02"

expect 0 "" "$UNGDB" register build "$T/d" --out "$T/ok"
grep -q "^  deliveries      3$" "$T/out" || fail "summary lacks the delivery count: $(cat "$T/out")"
grep -q "rows read" "$T/out" || fail "summary lacks rows read"
grep -q "^  lessons " "$T/out" || fail "summary lacks lessons"
expect 0 "" "$UNGDB" register build "$T/d" --out "$T/ok2" --quiet
[ -s "$T/out" ] && fail "--quiet printed: $(cat "$T/out")"
[ -s "$T/err" ] && fail "--quiet printed on stderr: $(cat "$T/err")"
diff -r "$T/ok" "$T/ok2" >/dev/null || fail "--quiet changed the output"
echo "ok register_cli"
