#!/bin/sh
# The draft FGU order § 17 on a lesson's registration, through the rules
# engine (fgu.registration_time, fgu.absence_minimum): a registration before
# the lesson starts is refused (stk. 2); an absence under 30 minutes is
# raised to 30 (stk. 3) and listed; the answer carries the engine's findings
# on what was stored (a past lesson registered now is late: a breach of
# stk. 2, shown, not refused). A folkeskole's lesson gets none of this.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
login staff
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
# lesson times are Danish local time (the EU rule as a POSIX TZ string: no tzdata needed)
NOW=$(TZ='CET-1CEST,M3.5.0,M10.5.0/3' date +%FT%H:%M)
lesson_of() { # PERSON WHERE ORDER: a lesson of the person's groups
    sql "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
         WHERE m.person_id = $1 AND $2 ORDER BY l.starts_at $3 LIMIT 1"
}
PAST=$(lesson_of "$FGUP" "l.starts_at < '$(TZ='CET-1CEST,M3.5.0,M10.5.0/3' date +%F)' AND l.minutes >= 45" DESC)
FUTURE=$(lesson_of "$FGUP" "l.starts_at > '$NOW'" ASC)
[ -n "$PAST" ] || fail "no past lesson of the FGU pupil"
jqb() { printf '%s' "$BODY" | jq -e "$@" >/dev/null || fail "${WHAT:-request}: jq $*: $BODY"; }

WHAT="10 minutes absent" req staff POST "/api/v1/lessons/$PAST/attendance?lang=en" "{\"registrations\":[{\"person\":$FGUP,\"present\":false,\"absent_minutes\":10,\"lawful\":false}]}"
expect 200
jqb --argjson p "$FGUP" '.adjusted == [{"person": $p, "absent_minutes_given": 10, "absent_minutes": 30, "rule": "FGU-bekendtgørelsen (udkast) § 17, stk. 3"}]'
[ "$(sql "SELECT absent_minutes FROM attendance WHERE lesson_id = $PAST AND person_id = $FGUP")" = 30 ] || fail "not raised to 30"
# the engine's findings on the stored registration: the minimum met, registered late
jqb '.findings[] | select(.rule == "fgu.absence_minimum") | .status == "ok" and .draft == true and (.reference | test("§ 17, stk. 3"))'
jqb '.findings[] | select(.rule == "fgu.registration_time") | .status == "breach" and (.reference | test("§ 17, stk. 2")) and (.text | test("after the lesson ended"))'
WHAT="45 minutes absent" req staff POST "/api/v1/lessons/$PAST/attendance" "{\"registrations\":[{\"person\":$FGUP,\"present\":false,\"absent_minutes\":40,\"lawful\":true}]}"
expect 200
jqb '.adjusted == []'
[ "$(sql "SELECT absent_minutes FROM attendance WHERE lesson_id = $PAST AND person_id = $FGUP")" = 40 ] || fail "40 minutes changed"
if [ -n "$FUTURE" ]; then
    BEFORE=$(sql "SELECT count(*) FROM attendance WHERE lesson_id = $FUTURE")
    WHAT="before the lesson" req staff POST "/api/v1/lessons/$FUTURE/attendance?lang=en" "{\"registrations\":[{\"person\":$FGUP,\"present\":true}]}"
    expect 409 '"code":"before_lesson_start"'
    jqb '.error.message | test("§ 17, stk. 2") and test("registered")'
    [ "$(sql "SELECT count(*) FROM attendance WHERE lesson_id = $FUTURE")" = "$BEFORE" ] || fail "a refused registration was stored"
fi
# a folkeskole: no FGU rules, no adjustment
PUPIL=$(sed -n 's/.*Demo persons: pupil \([0-9]*\) (Nordskolen).*/\1/p' "$T/server.out")
NL=$(lesson_of "$PUPIL" "l.starts_at < '$(date +%F)'" DESC)
WHAT="folkeskole" req staff POST "/api/v1/lessons/$NL/attendance" "{\"registrations\":[{\"person\":$PUPIL,\"present\":false,\"absent_minutes\":10,\"lawful\":false}]}"
expect 200
jqb 'has("adjusted") | not'
[ "$(sql "SELECT absent_minutes FROM attendance WHERE lesson_id = $NL AND person_id = $PUPIL")" = 10 ] || fail "a folkeskole absence was raised"
echo "ok server_fgu"
