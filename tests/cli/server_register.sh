#!/bin/sh
# The researcher's register endpoints (src/server/api_register.c): a
# register built without --pseudonymize is refused at start, naming file,
# line and column; a pseudonymised one is served to researchers and
# administrators only (files, validation counts, hours against the norm,
# downloads from a fixed list of names), and every read is audited.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"

"$UNGDB" gen --out "$T/deliv" --institutions 2 --pupils-per-institution 15 --weeks 3 --seed 5 --errors 0.02 >/dev/null 2>&1 ||
    fail "gen"
printf 'register-test-key' >"$T/key"
"$UNGDB" register build "$T/deliv" --out "$T/clear" >/dev/null 2>&1 || fail "register build"
"$UNGDB" register build "$T/deliv" --out "$T/reg" --pseudonymize "$T/key" >/dev/null 2>&1 || fail "register build --pseudonymize"
"$UNGDB" register hours "$T/reg" >/dev/null 2>&1 || fail "register hours"

# a register with CPR numbers in clear is refused
"$UNGDB" serve --listen 127.0.0.1:0 --db "$T/x.sqlite" --register "$T/clear" >"$T/refused.out" 2>&1 &
PID=$!
wait $PID
RC=$?
[ $RC -ne 0 ] || fail "a register in clear was served"
grep -q "elev.csv, line [0-9]*, \(cpr\|user_id\): not a pseudonym" "$T/refused.out" || fail "refusal: $(cat "$T/refused.out")"
"$UNGDB" serve --listen 127.0.0.1:0 --db "$T/x.sqlite" --register "$T/none" >"$T/refused.out" 2>&1
[ $? -ne 0 ] || fail "a missing register directory was accepted"

start_server --demo --db "$T/db.sqlite" --register "$T/reg"
for u in researcher admin staff pupil caseworker; do login $u; done
req researcher GET /api/v1/register; expect 200 '"pseudonymised":true'
printf '%s' "$BODY" | grep -q '"name":"elev.csv","bytes":[0-9]*' || fail "files: $BODY"
printf '%s' "$BODY" | grep -q '"name":"hours.svg"' || fail "hours.svg not listed: $BODY"
req admin GET /api/v1/register; expect 200 '"files"'
for u in staff pupil caseworker; do WHAT="$u register" req $u GET /api/v1/register; expect 403 '"code":"forbidden"'; done
req researcher GET /api/v1/register/validation; expect 200 '"file":"validation.csv"'
N=$(($(wc -l <"$T/reg/validation.csv") - 1))
[ "$(printf '%s' "$BODY" | grep -o '"code":' | wc -l)" -eq "$N" ] || fail "validation rows: want $N: $BODY"
printf '%s' "$BODY" | grep -q '"count":[0-9]' || fail "counts are not numbers: $BODY"
req researcher GET /api/v1/register/hours; expect 200 '"percent_of_norm":'
curl -s -b "$T/researcher.jar" -D "$T/h" -o "$T/elev.csv" "$BASE/api/v1/register/file?name=elev.csv"
grep -q "^HTTP/1.1 200" "$T/h" || fail "download: $(head -1 "$T/h")"
cmp -s "$T/elev.csv" "$T/reg/elev.csv" || fail "the download is not the register's elev.csv"
grep -qi '^Content-Disposition: attachment; filename="elev.csv"' "$T/h" || fail "download name"
curl -s -b "$T/researcher.jar" -D "$T/h" -o /dev/null "$BASE/api/v1/register/file?name=hours.svg"
grep -qi '^Content-Type: image/svg+xml' "$T/h" || fail "svg type"
for bad in ../db.sqlite elev.csv/ key %2e%2e%2fkey ''; do
    WHAT="name=$bad" req researcher GET "/api/v1/register/file?name=$bad"; expect 422 '"field":"name"'
done
WHAT="no name" req researcher GET "/api/v1/register/file"; expect 422 '"field":"name"'
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'register.download' AND object = 'register/elev.csv'")" = 1 ] ||
    fail "the download is not audited"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'register.read' AND object = 'register/validation.csv'")" = 1 ] ||
    fail "the validation read is not audited"
stop_server
# without --register the endpoints say how to get one
start_server --db "$T/db.sqlite"
login researcher
req researcher GET /api/v1/register; expect 404 '--register DIR'
echo ok
