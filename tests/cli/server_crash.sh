#!/bin/sh
# Durability: several clients register whole lessons' attendance while the
# server is killed with SIGKILL at random moments and restarted. Afterwards
# every acknowledged registration (HTTP 200) must be in the store, and no
# lesson may hold a half-done registration: each request marks all pupils of
# its lesson with one tag, so a lesson's rows must all carry the same tag and
# be as many as its pupils.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
CLIENTS=4
ROUNDS=${CRASH_ROUNDS:-4}

start_server --demo --db "$T/db.sqlite" --quiet
login staff
# lessons of Nordskolen from last week, with their pupils (read once, before the crashes)
FROM=$(date -d "-14 days" +%F) TO=$(date -d "-1 days" +%F)
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
sql "SELECT l.id, group_concat(DISTINCT m.person_id) FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id
     JOIN group_members m ON m.group_id = lg.group_id AND m.start_date <= substr(l.starts_at, 1, 10)
     AND (m.end_date IS NULL OR m.end_date >= substr(l.starts_at, 1, 10))
     WHERE l.institution_id = $NORD AND l.starts_at >= '$FROM' AND l.starts_at < '${TO}T99'
     GROUP BY l.id ORDER BY l.id" >"$T/lessons"
[ "$(wc -l <"$T/lessons")" -ge 40 ] || fail "too few lessons to write: $(wc -l <"$T/lessons")"

# client C ROUND: registers its share of the lessons (every CLIENTS-th), one
# request each, tag C-ROUND-N; appends acknowledged tags to $T/acked
client() {
    c=$1 round=$2 n=0
    awk -F'|' -v c="$c" -v k=$CLIENTS 'NR % k == c' "$T/lessons" | while IFS='|' read -r lesson pupils; do
        n=$((n + 1))
        tag="t$c-$round-$n"
        body=$(printf '%s' "$pupils" | tr ',' '\n' |
            awk -v tag="$tag" 'BEGIN{printf "{\"registrations\":["} {printf "%s{\"person\":%s,\"present\":false,\"lawful\":true,\"reason\":\"%s\"}", (NR>1?",":""), $1, tag} END{printf "]}"}')
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -b "$T/staff.jar" \
            -H "X-CSRF-Token: $(cat "$T/staff.csrf")" -H 'Content-Type: application/json' \
            --data-binary "$body" "$BASE/api/v1/lessons/$lesson/attendance")
        [ "$code" = 200 ] && echo "$lesson|$tag|$(printf '%s' "$pupils" | tr ',' '\n' | wc -l)" >>"$T/acked.$c"
        [ "$code" = 000 ] && break  # the server is gone
    done
}

round=1
while [ $round -le $ROUNDS ]; do
    pids=""
    c=0
    while [ $c -lt $CLIENTS ]; do client $c $round & pids="$pids $!"; c=$((c + 1)); done
    # kill -9 after a random 0.3-1.5 s
    sleep "$(awk -v s="$$$round" 'BEGIN{srand(s); printf "%.2f", 0.3 + rand() * 1.2}')"
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
    for p in $pids; do wait "$p"; done
    start_server --db "$T/db.sqlite" --quiet
    login staff
    round=$((round + 1))
done
stop_server

cat "$T"/acked.* 2>/dev/null >"$T/acked"
[ -s "$T/acked" ] || fail "no registration was acknowledged before the kills"
# A lesson's latest acknowledged tag is per client-order unknowable across
# clients, but each lesson belongs to one client, whose requests are
# sequential: the last acked tag of a lesson, or a later unacknowledged one
# that committed before the kill, must be there.
# (only the rows of this test's requests, tagged t<client>-<round>-<n>: the
# demo has registered the past lessons already)
sql "SELECT lesson_id, count(*), count(DISTINCT reason), max(reason) FROM attendance
     WHERE reason GLOB 't[0-9]*-[0-9]*-[0-9]*' GROUP BY lesson_id" >"$T/stored"
# 1) nothing half-done: one tag per lesson, on every pupil of the request
while IFS='|' read -r lesson n tags tag; do
    [ "$tags" = 1 ] || fail "lesson $lesson holds $tags different registrations (half-done)"
    want=$(awk -F'|' -v l="$lesson" '$1 == l {print $2}' "$T/lessons" | tr ',' '\n' | wc -l)
    [ "$n" = "$want" ] || fail "lesson $lesson has $n of $want pupils registered (half-done)"
done <"$T/stored"
# 2) every acknowledged registration is there (or a later one of the same lesson)
acked=0
while IFS='|' read -r lesson tag n; do
    acked=$((acked + 1))
    got=$(awk -F'|' -v l="$lesson" '$1 == l {print $4}' "$T/stored")
    [ -n "$got" ] || fail "acknowledged registration $tag of lesson $lesson is lost"
    # tags are t<client>-<round>-<n>: a stored tag of the same or a later round is fine
    r_acked=$(echo "$tag" | cut -d- -f2); r_got=$(echo "$got" | cut -d- -f2)
    [ "$r_got" -ge "$r_acked" ] || fail "lesson $lesson: acknowledged $tag, but the store has the older $got"
done <"$T/acked"
echo "ok server_crash ($acked acknowledged registrations over $ROUNDS kills, none lost, none half-done)"
