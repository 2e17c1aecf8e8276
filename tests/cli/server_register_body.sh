#!/bin/sh
# A lesson's registration body is read by a fast reader for the usual shape
# (src/server/api_school.c, reg_fast) and otherwise by the full JSON path.
# Both must store the same rows, and every body the fast reader does not take
# must get the full path's answer: the same registration written in forms
# only the full path reads (escapes, non-ASCII reasons) stores the same rows
# as the usual forms (any key order, whitespace, a null reason); and bodies
# that are malformed, of a wrong type or break a rule each get their error
# with the JSON field, leaving the store unchanged.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
login staff
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
# a past lesson of Nordskolen with at least three pupils
LESSON=$(sql "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m
  ON m.group_id = lg.group_id AND m.start_date <= substr(l.starts_at, 1, 10) AND (m.end_date IS NULL OR m.end_date >= substr(l.starts_at, 1, 10))
  WHERE l.institution_id = $NORD AND l.starts_at < '$(date +%F)' GROUP BY l.id HAVING count(DISTINCT m.person_id) >= 3 ORDER BY l.starts_at DESC LIMIT 1")
[ -n "$LESSON" ] || fail "no lesson"
MIN=$(sql "SELECT minutes FROM lessons WHERE id = $LESSON")
set -- $(sql "SELECT DISTINCT m.person_id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m
  ON m.group_id = lg.group_id AND m.start_date <= substr(l.starts_at, 1, 10) AND (m.end_date IS NULL OR m.end_date >= substr(l.starts_at, 1, 10))
  WHERE l.id = $LESSON ORDER BY m.person_id LIMIT 3")
P1=$1 P2=$2 P3=$3
rows() { sql "SELECT person_id, present, absent_minutes, quote(lawful), quote(reason) FROM attendance WHERE lesson_id = $LESSON AND person_id IN ($P1, $P2, $P3) ORDER BY person_id"; }
post() { WHAT="$1" req staff POST "/api/v1/lessons/$LESSON/attendance" "$2"; }

# ---- the same registration in forms of both paths stores the same rows
post compact "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P2,\"present\":false,\"lawful\":true,\"reason\":\"illness\"},{\"person\":$P3,\"present\":false,\"absent_minutes\":20,\"lawful\":false}]}"
expect 200 '"registered":3'
WANT=$(rows)
[ "$WANT" = "$P1|1|0|NULL|NULL
$P2|0|$MIN|1|'illness'
$P3|0|20|0|NULL" ] || fail "compact form stored: $WANT"
printf '%s' "$BODY" | grep -q '"registered_at"' || fail "no registered_at: $BODY"
reset() { post reset "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":false},{\"person\":$P2,\"present\":true},{\"person\":$P3,\"present\":true}]}"; expect 200; }
same() { # WHAT BODY: stores exactly WANT
    reset
    post "$1" "$2"
    expect 200 '"registered":3'
    [ "$(rows)" = "$WANT" ] || fail "$1 stored $(rows), not $WANT"
}
same "whitespace and key order" "
 { \"registrations\" : [
	{ \"present\" : true , \"person\" : $P1 , \"reason\" : null } ,
	{\"reason\":\"illness\",\"lawful\":true,\"present\":false,\"person\":$P2},
	{\"lawful\":false,\"absent_minutes\":20,\"present\":false,\"person\":$P3}
 ] }
"
same "an escaped reason (full path)" "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P2,\"present\":false,\"lawful\":true,\"reason\":\"\\u0069llness\"},{\"person\":$P3,\"present\":false,\"absent_minutes\":20,\"lawful\":false}]}"
same "an escaped key (full path)" "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P2,\"present\":false,\"lawful\":true,\"reason\":\"illness\"},{\"person\":$P3,\"present\":false,\"absent_minutes\":20,\"l\\u0061wful\":false}]}"
# a non-ASCII reason is stored verbatim by the full path
post "non-ASCII reason" "{\"registrations\":[{\"person\":$P2,\"present\":false,\"lawful\":true,\"reason\":\"syg – feber\"}]}"
expect 200
[ "$(sql "SELECT reason FROM attendance WHERE lesson_id = $LESSON AND person_id = $P2")" = "syg – feber" ] || fail "non-ASCII reason"
# an empty reason is no reason, on both paths
post "empty reason" "{\"registrations\":[{\"person\":$P2,\"present\":false,\"lawful\":true,\"reason\":\"\"}]}"
expect 200
[ "$(sql "SELECT quote(reason) FROM attendance WHERE lesson_id = $LESSON AND person_id = $P2")" = "NULL" ] || fail "empty reason"

# ---- bodies neither path may take: the full path's answer, nothing stored
reset
BEFORE=$(sql "SELECT group_concat(person_id || present || absent_minutes || quote(lawful) || quote(reason) || registered_at, ';') FROM attendance WHERE lesson_id = $LESSON")
AUDIT=$(sql "SELECT count(*) FROM audit WHERE action = 'attendance.register'")
bad() { # STATUS PATTERN WHAT BODY
    post "$3" "$4"
    WHAT="$3" expect "$1" "$2"
}
bad 400 '"code":"malformed_json"' "a duplicate key" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":true,\"lawful\":false}]}"
bad 400 '"code":"malformed_json"' "a leading zero" "{\"registrations\":[{\"person\":0$P1,\"present\":true}]}"
bad 400 '"code":"malformed_json"' "trailing text" "{\"registrations\":[{\"person\":$P1,\"present\":true}]} x"
bad 400 '"code":"malformed_json"' "a second body" "{\"registrations\":[{\"person\":$P1,\"present\":true}]}{}"
bad 400 '"code":"malformed_json"' "a trailing comma" "{\"registrations\":[{\"person\":$P1,\"present\":true},]}"
bad 400 '"code":"malformed_json"' "an unterminated string" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":true,\"reason\":\"ill}]}"
bad 422 '"field":"registrations\[0\].person"' "a fraction" "{\"registrations\":[{\"person\":$P1.0,\"present\":true}]}"
bad 422 '"field":"registrations\[0\].person"' "a negative id" "{\"registrations\":[{\"person\":-$P1,\"present\":true}]}"
bad 422 '"code":"not_a_pupil"' "a 19-digit id" "{\"registrations\":[{\"person\":1234567890123456789,\"present\":true}]}"
bad 400 '"code":"malformed_json"' "a 20-digit id" "{\"registrations\":[{\"person\":12345678901234567890,\"present\":true}]}"
bad 422 '"field":"registrations\[0\].absent_minutes"' "an exponent" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"absent_minutes\":1e1,\"lawful\":true}]}"
bad 422 '"field":"registrations\[0\].absent_minutes"' "more minutes than the lesson" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"absent_minutes\":$((MIN + 1)),\"lawful\":true}]}"
bad 422 '"field":"registrations\[0\].lawful"' "lawful null" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":null}]}"
bad 422 '"field":"registrations\[0\].lawful"' "lawful for a present pupil" "{\"registrations\":[{\"person\":$P1,\"present\":true,\"lawful\":false}]}"
bad 422 '"field":"registrations\[0\].lawful"' "an absence without lawful" "{\"registrations\":[{\"person\":$P1,\"present\":false}]}"
bad 422 '"field":"registrations\[0\].absent_minutes"' "absent for 0 minutes" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"absent_minutes\":0,\"lawful\":true}]}"
bad 422 '"field":"registrations\[0\].present"' "present missing" "{\"registrations\":[{\"person\":$P1}]}"
bad 422 '"field":"registrations\[0\].person"' "person missing" "{\"registrations\":[{\"present\":true}]}"
bad 422 '"field":"registrations\[1\].person"' "a pupil twice" "{\"registrations\":[{\"person\":$P1,\"present\":true},{\"person\":$P1,\"present\":true}]}"
bad 422 '"field":"registrations\[0\].reason"' "a reason of 201 bytes" "{\"registrations\":[{\"person\":$P1,\"present\":false,\"lawful\":true,\"reason\":\"$(printf '%0201d' 0)\"}]}"
bad 422 '"field":"registrations\[0\].colour"' "an unknown field" "{\"registrations\":[{\"person\":$P1,\"present\":true,\"colour\":\"red\"}]}"
bad 422 '"field":"when"' "an unknown top-level field" "{\"registrations\":[{\"person\":$P1,\"present\":true}],\"when\":1}"
bad 422 '"field":"registrations"' "no registrations" "{\"registrations\":[]}"
bad 422 '"field":"registrations\[0\]"' "a registration not an object" "{\"registrations\":[7]}"
MANY=$(awk -v p="$P1" 'BEGIN {printf "{\"registrations\":["; for (i = 0; i < 1001; i++) printf "%s{\"person\":%s,\"present\":true}", i ? "," : "", p; printf "]}"}')
bad 422 '"field":"registrations"' "1001 registrations" "$MANY"
[ "$(sql "SELECT group_concat(person_id || present || absent_minutes || quote(lawful) || quote(reason) || registered_at, ';') FROM attendance WHERE lesson_id = $LESSON")" = "$BEFORE" ] ||
    fail "a refused body changed the lesson's registrations"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'attendance.register'")" = "$AUDIT" ] || fail "a refused body was audited as a registration"
echo "ok server_register_body"
