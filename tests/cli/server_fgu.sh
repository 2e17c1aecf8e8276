#!/bin/sh
# The draft FGU order § 17 on a lesson's registration, through the rules
# engine (fgu.registration_time, fgu.absence_minimum): a registration before
# the lesson starts is refused (stk. 2); an absence under 30 minutes is
# raised to 30 (stk. 3) and listed; the answer carries the engine's findings
# on what was stored (a past lesson registered now is late: a breach of
# stk. 2, shown, not refused). A folkeskole's lesson gets none of this.
# The FGU course facts of an enrolment (PUT/GET persons/{id}/enrolments/{e}/fgu):
# who may read and change them, input checked by the engine's parser (errors
# name the JSON path, nothing is changed), only FGU spells, audited, and the
# rules reading what was stored.
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

# ---- FGU course facts of an enrolment
for u in admin staff2 caseworker caseworker2 pupil2 guardian researcher; do login $u; done
ENR=$(sql "SELECT id FROM enrolments WHERE person_id = $FGUP AND role = 'pupil'")
NENR=$(sql "SELECT id FROM enrolments WHERE person_id = $PUPIL AND role = 'pupil' LIMIT 1")
F="/api/v1/persons/$FGUP/enrolments/$ENR/fgu"
[ -n "$ENR" ] && [ -n "$NENR" ] || fail "demo enrolments"
BEFORE=$(sql "SELECT facts || updated_at FROM fgu_facts WHERE enrolment_id = $ENR")
[ -n "$BEFORE" ] || fail "the demo stored no FGU facts for the FGU pupil"
GOOD='{"weeks":[{"week_start":"2026-08-03","teaching_hours":24}],"practice_agreements":[{"from":"2026-09-01","to":"2026-10-31","signed":"2026-08-20","approved":"2026-08-25","guardians_cosigned":true}],"payments":[{"date":"2026-08-15","amount_kr":250.5}]}'
# the role-by-endpoint matrix: STATUS USER METHOD PATH [BODY]
while IFS='|' read -r want user method path body; do
    [ -z "$want" ] && continue
    WHAT="$user $method $path"
    if [ -n "$body" ]; then req "$user" "$method" "$path" "$body"; else req "$user" "$method" "$path"; fi
    expect "$want"
done <<MATRIX
200|admin|GET|$F|
200|staff|GET|$F|
404|staff2|GET|$F|
200|caseworker|GET|$F|
404|caseworker2|GET|$F|
403|pupil2|GET|$F|
403|guardian|GET|$F|
403|researcher|GET|$F|
404|staff2|PUT|$F|$GOOD
403|caseworker|PUT|$F|$GOOD
403|caseworker2|PUT|$F|$GOOD
403|pupil2|PUT|$F|$GOOD
403|guardian|PUT|$F|$GOOD
403|researcher|PUT|$F|$GOOD
404|admin|GET|/api/v1/persons/$FGUP/enrolments/$NENR/fgu|
409|staff|GET|/api/v1/persons/$PUPIL/enrolments/$NENR/fgu|
409|staff|PUT|/api/v1/persons/$PUPIL/enrolments/$NENR/fgu|$GOOD
404|staff|PUT|/api/v1/persons/99999999/enrolments/$ENR/fgu|$GOOD
MATRIX
WHAT="not an FGU spell" req staff PUT "/api/v1/persons/$PUPIL/enrolments/$NENR/fgu?lang=en" "$GOOD"
expect 409 '"code":"not_fgu"'
jqb '.error.field == "enrolment" and (.error.message | test("grundskole"))'
[ "$(sql "SELECT count(*) FROM fgu_facts WHERE enrolment_id = $NENR")" = 0 ] || fail "FGU facts stored on a folkeskole spell"
# bad input: 422 naming the JSON path, nothing changed
while IFS='|' read -r field body; do
    [ -z "$field" ] && continue
    WHAT="bad $body"
    req staff PUT "$F" "$body"
    expect 422 '"code":"invalid"'
    jqb --arg f "$field" '.error.field == $f and (.error.message | startswith($f + ": "))'
    [ "$(sql "SELECT facts || updated_at FROM fgu_facts WHERE enrolment_id = $ENR")" = "$BEFORE" ] || fail "$WHAT changed the stored facts"
done <<BAD
weeks[0].teaching_hours|{"weeks":[{"week_start":"2026-08-03","teaching_hours":"many"}]}
weeks[0].week_start|{"weeks":[{"week_start":"2026-02-30","teaching_hours":26}]}
weeks[0].teaching_hours|{"weeks":[{"week_start":"2026-08-03"}]}
wekks|{"wekks":[]}
sanctions[0].kind|{"sanctions":[{"date":"2026-09-01","kind":"spanking"}]}
sanctions[0].days|{"sanctions":[{"date":"2026-09-01","kind":"allowance_loss","days":-1}]}
certificate.contents[1]|{"certificate":{"contents":["identity","shoe_size"]}}
complaints[0].institution_agrees|{"complaints":[{"decision_communicated":"2026-09-01","institution_agrees":"no"}]}
practice_agreements[0].to|{"practice_agreements":[{"from":"2026-09-01"}]}
payments|{"payments":{"date":"2026-09-01","amount_kr":10}}
reduced_time_percent|{"reduced_time_percent":120}
BAD
WHAT="not an object" req staff PUT "$F" '[1]'; expect 422
WHAT="malformed" req staff PUT "$F" '{"weeks":'; expect 400
[ "$(sql "SELECT facts || updated_at FROM fgu_facts WHERE enrolment_id = $ENR")" = "$BEFORE" ] || fail "bad input changed the stored facts"
# stored, read back, and what the rules read
WHAT="put" req staff PUT "$F" "$GOOD"; expect 200
jqb --argjson e "$ENR" '.enrolment == $e and .fgu.payments[0].amount_kr == 250.5 and .view == "institution" and (.legal_basis | test("§ 20, stk. 3"))'
WHAT="get" req staff GET "$F"; expect 200
jqb '.fgu.weeks == [{"week_start":"2026-08-03","teaching_hours":24}] and (.fgu | has("sanctions") | not) and (.updated_at | test("Z$"))'
WHAT="findings" req staff GET "/api/v1/persons/$FGUP/findings?family=fgu&lang=en&date=2026-11-01"; expect 200
# 24 < 26 hours (§ 3, stk. 3); approved before the practice began, co-signed (§ 6, Bilag 1)
jqb '.findings[] | select(.rule == "fgu.teaching_hours") | .status == "breach" and (.reference | test("§ 3"))'
jqb '.findings[] | select(.rule == "fgu.practice_approval") | .status == "ok"'
jqb '.findings[] | select(.rule == "fgu.practice_guardians") | .status == "ok"'
jqb '[.findings[] | select(.rule == "fgu.sanction_limits")] | all(.status == "not_applicable")'
# the caseworker reads only the practice agreements, the municipality's part
WHAT="caseworker's view" req caseworker GET "$F"; expect 200
jqb '.view == "municipality" and (.fgu | keys) == ["practice_agreements"] and .fgu.practice_agreements[0].approved == "2026-08-25" and (.legal_basis | test("bilag 1"))'
# an empty object clears the facts
WHAT="clear" req admin PUT "$F" '{}'; expect 200 '"fgu":{}'
WHAT="findings, cleared" req admin GET "/api/v1/persons/$FGUP/findings?family=fgu"; expect 200
jqb '[.findings[] | select(.rule == "fgu.teaching_hours")] | all(.status == "not_applicable")'
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'enrolment.fgu.put' AND object = 'person/$FGUP/enrolment/$ENR/fgu' AND subjects = '$FGUP'")" = 2 ] ||
    fail "the changes are not audited"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'enrolment.fgu.read' AND subjects = '$FGUP'")" -ge 4 ] ||
    fail "the reads are not audited"
echo "ok server_fgu"
