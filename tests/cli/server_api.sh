#!/bin/sh
# The server's API against the demo store: login and sessions, the
# role-by-endpoint matrix of allowed and refused requests, scope (403/404),
# and hostile input (malformed JSON, wrong types, unknown fields, SQL
# injection strings, oversized bodies, missing CSRF token, forged and ended
# sessions, a slow client): each gets a clear JSON error naming the field,
# and the store is checked to be unchanged.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"

start_server --demo --db "$T/db.sqlite" --request-timeout 2 --login-failures 3 --login-window 60
grep -q "admin-demo-pw" "$T/server.out" || fail "the demo users are not printed"

WHAT=healthz req anon GET /healthz; expect 200 '"status":"ok"'
WHAT=metrics req anon GET /metrics; expect 200 'ungdb_http_requests_total'

# ---- login, session, logout
for u in admin staff staff2 caseworker caseworker2 pupil pupil2 guardian researcher; do login $u; done
WHAT=session req staff GET /api/v1/session; expect 200 '"role":"staff"'
grep -q "HttpOnly" "$T/staff.jar" 2>/dev/null || grep -q "#HttpOnly_" "$T/staff.jar" || fail "the session cookie is not HttpOnly"
WHAT="no session" req anon GET /api/v1/session; expect 401 '"code":"unauthenticated"'
WHAT="wrong password" req x POST /api/v1/login '{"username":"staff","password":"wrong"}'; expect 401 '"code":"invalid_credentials"'
WHAT="unknown user" req x POST /api/v1/login '{"username":"nobody","password":"wrong"}'; expect 401 '"code":"invalid_credentials"'

# ---- find data to work with (as staff of Nordskolen and the FGU institution)
req staff GET /api/v1/institutions; expect 200 '"kind":"fgu"'
NORD=$(printf '%s' "$BODY" | grep -o '"id":[0-9]*,"code":"[0-9]*","name":"Nordskolen"' | sed 's/"id":\([0-9]*\).*/\1/')
FGU=$(printf '%s' "$BODY" | grep -o '"id":[0-9]*,"code":"[0-9]*","name":"FGU' | sed 's/"id":\([0-9]*\).*/\1/')
req staff2 GET /api/v1/institutions; expect 200 '"name":"Sydskolen"'
SYD=$(json_field id)
[ -n "$NORD" ] && [ -n "$FGU" ] && [ -n "$SYD" ] || fail "institutions: $NORD $FGU $SYD"
# a lesson of Nordskolen in the past: last week's Friday
FRI=$(date -d "last friday" +%F)
req staff GET "/api/v1/institutions/$NORD/lessons?from=$FRI&to=$FRI"; expect 200 '"lessons":\[{'
LESSON=$(json_field id)
req staff GET "/api/v1/lessons/$LESSON"; expect 200 '"pupils":\[{'
PUPILS=$(printf '%s' "$BODY" | sed 's/.*"pupils":\[//' | grep -o '"person":[0-9]*' | sed 's/.*://')
P1=$(echo "$PUPILS" | head -1)
P2=$(echo "$PUPILS" | sed -n 2p)
req staff GET "/api/v1/institutions/$NORD/groups"; expect 200 '"type":"main"'
GROUP=$(json_field id)

# ---- the role-by-endpoint matrix: STATUS USER METHOD PATH [BODY]
PREVIEW='{"text":"[a]\nmeasure = absence_percent\nwindow = 2 weeks\nthreshold = 20\n"}'
ATT="{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P2,\"present\":false,\"lawful\":false,\"reason\":\"no reason given\"}]}"
while IFS='|' read -r want user method path body; do
    [ -z "$want" ] && continue
    WHAT="$user $method $path"
    if [ -n "$body" ]; then req "$user" "$method" "$path" "$body"; else req "$user" "$method" "$path"; fi
    expect "$want"
done <<MATRIX
200|admin|GET|/api/v1/institutions|
200|staff|GET|/api/v1/institutions|
200|caseworker|GET|/api/v1/institutions|
403|pupil|GET|/api/v1/institutions|
403|guardian|GET|/api/v1/institutions|
403|researcher|GET|/api/v1/institutions|
200|admin|GET|/api/v1/institutions/$NORD/groups|
200|staff|GET|/api/v1/institutions/$NORD/groups|
403|staff2|GET|/api/v1/institutions/$NORD/groups|
403|caseworker|GET|/api/v1/institutions/$NORD/groups|
403|pupil|GET|/api/v1/institutions/$NORD/groups|
404|staff|GET|/api/v1/institutions/999999/groups|
200|staff|GET|/api/v1/institutions/$NORD/lessons?from=$FRI|
403|staff2|GET|/api/v1/institutions/$NORD/lessons?from=$FRI|
403|guardian|GET|/api/v1/institutions/$NORD/lessons|
200|staff|GET|/api/v1/groups/$GROUP/members|
403|staff2|GET|/api/v1/groups/$GROUP/members|
403|researcher|GET|/api/v1/groups/$GROUP/members|
200|staff|GET|/api/v1/lessons/$LESSON|
200|admin|GET|/api/v1/lessons/$LESSON|
403|staff2|GET|/api/v1/lessons/$LESSON|
403|caseworker|GET|/api/v1/lessons/$LESSON|
403|pupil|GET|/api/v1/lessons/$LESSON|
404|staff|GET|/api/v1/lessons/99999999|
404|staff|GET|/api/v1/lessons/abc|
404|staff|GET|/api/v1/nothing|
405|staff|DELETE|/api/v1/lessons/$LESSON|
403|staff2|POST|/api/v1/lessons/$LESSON/attendance|$ATT
403|caseworker|POST|/api/v1/lessons/$LESSON/attendance|$ATT
403|pupil|POST|/api/v1/lessons/$LESSON/attendance|$ATT
403|guardian|POST|/api/v1/lessons/$LESSON/attendance|$ATT
403|researcher|POST|/api/v1/lessons/$LESSON/attendance|$ATT
200|staff|POST|/api/v1/lessons/$LESSON/attendance|$ATT
200|admin|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
200|staff|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
403|staff2|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
403|caseworker|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
403|pupil|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
403|guardian|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
403|researcher|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
404|staff|POST|/api/v1/institutions/999999/criteria/preview|$PREVIEW
401|anon|POST|/api/v1/institutions/$NORD/criteria/preview|$PREVIEW
MATRIX

# the registration is stored, all of it, and audited
[ "$(sql "SELECT count(*) FROM attendance WHERE lesson_id = $LESSON AND person_id IN ($P1, $P2) AND registered_by = (SELECT id FROM users WHERE username = 'staff') AND (present = 1 OR reason = 'no reason given')")" = 2 ] || fail "attendance not stored"
NLESSON=$(sql "SELECT count(*) FROM attendance WHERE lesson_id = $LESSON")
[ "$(sql "SELECT absent_minutes || ',' || lawful FROM attendance WHERE lesson_id = $LESSON AND person_id = $P2")" = "45,0" ] ||
    [ "$(sql "SELECT absent_minutes = (SELECT minutes FROM lessons WHERE id = $LESSON) FROM attendance WHERE lesson_id = $LESSON AND person_id = $P2")" = 1 ] ||
    fail "an absence without minutes is the whole lesson"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'attendance.register' AND object = 'lesson/$LESSON' AND subjects = '$(printf '%s\n%s\n' "$P1" "$P2" | sort -n | paste -sd, -)'")" = 1 ] ||
    fail "the registration has no audit record naming both pupils"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'lesson.read' AND object = 'lesson/$LESSON'")" -ge 2 ] ||
    fail "reading a lesson's pupils is not audited"

# ---- a teacher's own lessons: the demo user "staff" is linked to a staff
# person of Nordskolen's schedule (users.person_id); ?mine=true keeps the
# lessons that person teaches (lesson_staff), and every lesson says `mine`
TEACHER=$(sql "SELECT person_id FROM users WHERE username = 'staff'")
[ -n "$TEACHER" ] || fail "the demo staff user is not linked to a person"
[ "$(sql "SELECT count(*) FROM enrolments WHERE person_id = $TEACHER AND institution_id = $NORD AND role <> 'pupil'")" -ge 1 ] ||
    fail "the demo staff user's person is not staff of Nordskolen"
WFROM=$(date -d "14 days ago" +%F)
WTO=$(date -d "7 days" +%F)
OWN=$(sql "SELECT l.id FROM lessons l JOIN lesson_staff ls ON ls.lesson_id = l.id WHERE l.institution_id = $NORD
           AND ls.person_id = $TEACHER AND l.starts_at >= '$WFROM' AND l.starts_at < '${WTO}T99' ORDER BY l.starts_at, l.id" | paste -sd, -)
ALL=$(sql "SELECT count(*) FROM lessons WHERE institution_id = $NORD AND starts_at >= '$WFROM' AND starts_at < '${WTO}T99'")
[ -n "$OWN" ] || fail "the demo teacher teaches no lessons"
# when Nordskolen has lessons today, the demo teacher is one who teaches today
DKTODAY=$(TZ=Europe/Copenhagen date +%F)
[ "$(sql "SELECT count(*) FROM lessons WHERE institution_id = $NORD AND substr(starts_at, 1, 10) = '$DKTODAY'")" = 0 ] ||
    [ "$(sql "SELECT count(*) FROM lessons l JOIN lesson_staff ls ON ls.lesson_id = l.id WHERE ls.person_id = $TEACHER AND
              l.institution_id = $NORD AND substr(l.starts_at, 1, 10) = '$DKTODAY'")" -ge 1 ] ||
    fail "the demo teacher has no lessons today"
WHAT="own lessons" req staff GET "/api/v1/institutions/$NORD/lessons?from=$WFROM&to=$WTO&mine=true"; expect 200
[ "$(printf '%s' "$BODY" | jq -r '[.lessons[].id] | join(",")')" = "$OWN" ] || fail "own lessons: $BODY"
printf '%s' "$BODY" | jq -e --argjson t "$TEACHER" '.mine == true and .staff_person == $t and all(.lessons[]; .mine == true)' >/dev/null ||
    fail "own lessons not marked: $BODY"
WHAT="all lessons" req staff GET "/api/v1/institutions/$NORD/lessons?from=$WFROM&to=$WTO"; expect 200
[ "$(printf '%s' "$BODY" | jq '.lessons | length')" = "$ALL" ] || fail "all lessons: $ALL wanted"
[ "$ALL" -gt "$(echo "$OWN" | tr ',' '\n' | wc -l)" ] || fail "the teacher teaches every lesson: nothing is filtered"
[ "$(printf '%s' "$BODY" | jq -r '[.lessons[] | select(.mine) | .id] | join(",")')" = "$OWN" ] || fail "mine flags differ from lesson_staff"
WHAT="own lessons at FGU" req staff GET "/api/v1/institutions/$FGU/lessons?from=$WFROM&to=$WTO&mine=true"; expect 200
[ "$(printf '%s' "$BODY" | jq '.lessons | length')" = "$(sql "SELECT count(*) FROM lessons l JOIN lesson_staff ls ON ls.lesson_id = l.id
     WHERE l.institution_id = $FGU AND ls.person_id = $TEACHER AND l.starts_at >= '$WFROM' AND l.starts_at < '${WTO}T99'")" ] ||
    fail "own lessons at FGU: $BODY"
WHAT="mine=maybe" req staff GET "/api/v1/institutions/$NORD/lessons?mine=maybe"; expect 422 '"field":"mine"'
WHAT="not linked" req staff2 GET "/api/v1/institutions/$SYD/lessons?mine=true"; expect 409 '"code":"no_staff_person"'
WHAT="admin mine" req admin GET "/api/v1/institutions/$NORD/lessons?mine=true"; expect 409 '"code":"no_staff_person"'
WHAT="not linked, all" req staff2 GET "/api/v1/institutions/$SYD/lessons"; expect 200 '"staff_person":null'

# ---- a method the path does not take: 405 with the methods it does take
# (RFC 9110, 15.5.6)
curl -s -o /dev/null -D "$T/h405" -X DELETE -b "$T/staff.jar" -H "X-CSRF-Token: $(cat "$T/staff.csrf")" \
    "$BASE/api/v1/institutions/$NORD/criteria"
grep -q '^HTTP/1.1 405' "$T/h405" || fail "DELETE criteria: $(head -1 "$T/h405")"
grep -qi '^Allow: GET, PUT' "$T/h405" || fail "405 without the path's methods: $(cat "$T/h405")"

# ---- hostile input: each answer names the problem, nothing changes
BEFORE=$(sql "SELECT count(*), coalesce(sum(absent_minutes), 0), max(registered_at) FROM attendance")
bad() { # bad STATUS PATTERN BODY
    WHAT="bad input $3" req staff POST "/api/v1/lessons/$LESSON/attendance" "$3"
    WHAT="bad input $3" expect "$1" "$2"
}
bad 400 '"code":"malformed_json"' '{"registrations":[{"person":1,'
bad 400 'line 1' 'not json at all'
bad 422 '"field":"(body)"' '[1,2,3]'
bad 422 '"field":"registrations"' '{}'
bad 422 '"field":"registrations"' '{"registrations":"all present"}'
bad 422 '"field":"registrations"' '{"registrations":[]}'
bad 422 '"field":"registrations\[0\].person"' '{"registrations":[{"person":"1 OR 1=1","present":true}]}'
bad 422 '"field":"registrations\[0\].person"' "{\"registrations\":[{\"person\":\"$P1'; DROP TABLE attendance; --\",\"present\":true}]}"
bad 422 '"field":"registrations\[0\].present"' "{\"registrations\":[{\"person\":$P1,\"present\":\"yes\"}]}"
bad 422 '"field":"registrations\[0\].present"' "{\"registrations\":[{\"person\":$P1}]}"
bad 422 '"field":"registrations\[1\].absent_minutes"' "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P2,\"present\":false,\"absent_minutes\":100000,\"lawful\":true}]}"
bad 422 '"field":"registrations\[0\].lawful"' "{\"registrations\":[{\"person\":$P1,\"present\":false}]}"
bad 422 '"field":"registrations\[0\].lawful"' "{\"registrations\":[{\"person\":$P1,\"present\":true,\"lawful\":true}]}"
bad 422 '"field":"registrations\[0\].reason"' "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":true,\"reason\":42}]}"
bad 422 '"field":"registrations\[0\].colour"' "{\"registrations\":[{\"person\":$P1,\"present\":true,\"colour\":\"red\"}]}"
bad 422 '"code":"not_a_pupil"' '{"registrations":[{"person":1,"present":true}]}'
bad 422 '"code":"duplicate"' "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P1,\"present\":true}]}"
# a good row and then a bad one: the whole request is refused, the good row is not stored
bad 422 '"field":"registrations\[1\].person"' "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":true},{\"person\":0,\"present\":true}]}"
# the SQL injection string as a reason is stored as text, harmlessly (a valid request)
WHAT=injection req staff POST "/api/v1/lessons/$LESSON/attendance" "{\"registrations\":[{\"person\":$P2,\"present\":false,\"lawful\":false,\"reason\":\"x'); DELETE FROM attendance; --\"}]}"
expect 200
[ "$(sql "SELECT reason FROM attendance WHERE lesson_id = $LESSON AND person_id = $P2")" = "x'); DELETE FROM attendance; --" ] || fail "the reason was not stored verbatim"
[ "$(sql "SELECT count(*) FROM attendance WHERE lesson_id = $LESSON")" = "$NLESSON" ] || fail "the injection changed something"
BEFORE=$(sql "SELECT count(*), coalesce(sum(absent_minutes), 0), max(registered_at) FROM attendance")
# wrong content type
printf '{}' >"$T/b"
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -b "$T/staff.jar" -H "X-CSRF-Token: $(cat "$T/staff.csrf")" -H 'Content-Type: text/plain' --data-binary @"$T/b" "$BASE/api/v1/lessons/$LESSON/attendance")
BODY=$(cat "$T/resp"); WHAT="text/plain" expect 415 '"code":"unsupported_media_type"'
# an oversized body (2 MiB, over the 1 MiB default)
head -c 2097152 /dev/zero | tr '\0' ' ' >"$T/big"
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -b "$T/staff.jar" -H "X-CSRF-Token: $(cat "$T/staff.csrf")" -H 'Content-Type: application/json' --data-binary @"$T/big" "$BASE/api/v1/lessons/$LESSON/attendance")
BODY=$(cat "$T/resp"); WHAT="oversized" expect 413 '"code":"too_large"'
# missing and wrong CSRF token
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -b "$T/staff.jar" -H 'Content-Type: application/json' --data-binary "$ATT" "$BASE/api/v1/lessons/$LESSON/attendance")
BODY=$(cat "$T/resp"); WHAT="no csrf" expect 403 '"field":"X-CSRF-Token"'
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -b "$T/staff.jar" -H "X-CSRF-Token: $(cat "$T/staff2.csrf")" -H 'Content-Type: application/json' --data-binary "$ATT" "$BASE/api/v1/lessons/$LESSON/attendance")
BODY=$(cat "$T/resp"); WHAT="another session's csrf" expect 403 '"code":"csrf"'
# a forged session id
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -H "Cookie: ungdb_session=$(printf '%064d' 7)" "$BASE/api/v1/session")
BODY=$(cat "$T/resp"); WHAT="forged session" expect 401 '"code":"unauthenticated"'
STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -H "Cookie: ungdb_session=' OR '1'='1" "$BASE/api/v1/session")
BODY=$(cat "$T/resp"); WHAT="injected session" expect 401 '"code":"unauthenticated"'
# a slow client: the body trickles in past the 2-second request limit
{
    printf 'POST /api/v1/lessons/%s/attendance HTTP/1.1\r\nHost: x\r\nCookie: ungdb_session=%s\r\n' "$LESSON" \
        "$(grep ungdb_session "$T/staff.jar" | awk '{print $7}')"
    printf 'X-CSRF-Token: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' "$(cat "$T/staff.csrf")" ${#ATT}
    printf '%s' "$ATT" | head -c 20; sleep 1.2
    printf '%s' "$ATT" | tail -c +21 | head -c 20; sleep 1.2
    printf '%s' "$ATT" | tail -c +41
    sleep 1
} | curl -s --max-time 10 telnet://127.0.0.1:$PORT >"$T/slow" 2>/dev/null
grep -q '408' "$T/slow" && grep -q '"code":"too_slow"' "$T/slow" || fail "slow client: $(cat "$T/slow")"
[ "$(sql "SELECT count(*), coalesce(sum(absent_minutes), 0), max(registered_at) FROM attendance")" = "$BEFORE" ] ||
    fail "hostile input changed the attendance table"

# ---- logout ends the session; the old cookie no longer works
cp "$T/staff.jar" "$T/old.jar"; cp "$T/staff.csrf" "$T/old.csrf"
WHAT=logout req staff POST /api/v1/logout '{}'; expect 200
WHAT="ended session" req old GET /api/v1/session; expect 401

# ---- login rate limiting: 3 failures per window, then 429 even for the right password
for i in 1 2 3; do req x POST /api/v1/login '{"username":"pupil2","password":"nope"}'; done
WHAT="rate limit" req x POST /api/v1/login '{"username":"pupil2","password":"pupil2-demo-pw"}'; expect 429 '"code":"rate_limited"'

# ---- no CPR number and no name in the log
sql "SELECT cpr FROM persons WHERE cpr IS NOT NULL" >"$T/cprs"
[ -s "$T/cprs" ] || fail "the demo has no CPR numbers to look for"
if grep -F -f "$T/cprs" "$T/server.err" "$T/server.out" >/dev/null; then fail "a CPR number is in the log"; fi
sql "SELECT family_name FROM persons WHERE family_name IS NOT NULL" | sort -u >"$T/names"
if grep -F -w -f "$T/names" "$T/server.err" >/dev/null; then fail "a name is in the log"; fi
echo "ok server_api"
