#!/bin/sh
# The follow-up work through the rules engine: an institution's criteria file
# (uploaded, checked by the engine with errors by line), the risk candidates
# it proposes (a proposal, confirmed and explained by ubd.candidate, VBK § 36),
# the guardians' task done (VBK § 36, stk. 3), the person facts VBK § 31 reads,
# the municipality's duty steps and 15-17 duty cases sorted by deadline (duty
# order § 10), STU facts checked by the engine and the STU cases with the
# engine's findings (the 5-year limit, hours).
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
for u in admin staff staff2 caseworker caseworker2 pupil2; do login $u; done
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
FGU=$(sql "SELECT id FROM institutions WHERE kind = 'fgu'")
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
P16=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-04'")
P20=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-05'")
[ -n "$FGUP" ] && [ -n "$FGU" ] && [ -n "$P16" ] || fail "demo: $(cat "$T/server.out")"
TODAY=$(date +%F)
jqb() { printf '%s' "$BODY" | jq -e "$@" >/dev/null || fail "${WHAT:-request}: jq $*: $BODY"; }

# ---- criteria: checked by the engine, errors name the line and the key
BAD=$(jq -cn --arg t "$(printf 'version = 1\n[a]\nmeasure = unlawful_absence_percent\ncolour = red\n')" '{text: $t}')
WHAT="bad criteria" req staff PUT "/api/v1/institutions/$FGU/criteria" "$BAD"
expect 422 '"code":"bad_criteria"'
jqb '.error.line == 4 and .error.field == "text" and (.error.message | test("colour"))'
# the demo's criteria file, replaced below
WHAT="demo criteria" req staff GET "/api/v1/institutions/$FGU/criteria"; expect 200
jqb '.version == "demo" and ([.criteria[].name] == ["unlawful-absence-4w", "unlawful-hours-2w", "concern-notices", "missing-hand-ins"]) and (.text | test("measure = notices")) and (.criteria[3] | .measure == "events" and .kind == "missing_hand_in" and .window_days == 30)'
[ "$(sql "SELECT text FROM institution_criteria WHERE institution_id = $FGU" | grep -c '^\[')" = 4 ] || fail "demo criteria not stored"
# the demo's pupil with three missing hand-ins in 30 days is proposed by the events criterion
ALMA=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-08'")
WHAT="candidates, events" req staff GET "/api/v1/institutions/$FGU/candidates?lang=en"; expect 200
jqb --argjson p "$ALMA" '[.candidates[] | select(.person == $p)] | length == 1 and (.[0].hits | map(.criterion) | index("missing-hand-ins") != null) and (.[0].hits[] | select(.criterion == "missing-hand-ins") | .value == 3 and .measure == "events")'
CRIT=$(printf 'institution = FGU Østjylland\nversion = test\n[unlawful-absence-4w]\nlabel = Ulovligt fravær mindst 10 %% de seneste 4 uger\nmeasure = unlawful_absence_percent\nwindow = 4 weeks\nthreshold = 10\n')
GOOD=$(jq -cn --arg t "$CRIT" '{text: $t}')
WHAT="criteria of another institution" req staff2 PUT "/api/v1/institutions/$FGU/criteria" "$GOOD"; expect 403
WHAT="criteria by a caseworker" req caseworker PUT "/api/v1/institutions/$FGU/criteria" "$GOOD"; expect 403
WHAT=criteria req staff PUT "/api/v1/institutions/$FGU/criteria" "$GOOD"; expect 200
jqb '.criteria[0].name == "unlawful-absence-4w" and .criteria[0].window_days == 28 and .criteria[0].threshold == 10 and .min_hits == 1'
WHAT="criteria read" req staff GET "/api/v1/institutions/$FGU/criteria"; expect 200
jqb --arg t "$CRIT" '.text == $t and .version == "test"'

# ---- the FGU pupil of 17 is absent without leave from the last 6 lessons before today
LESSONS=$(sql "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
  WHERE m.person_id = $FGUP AND l.starts_at < '$TODAY' ORDER BY l.starts_at DESC LIMIT 6")
[ -n "$LESSONS" ] || fail "no past lessons of the FGU pupil"
for l in $LESSONS; do
    WHAT="absence $l" req staff POST "/api/v1/lessons/$l/attendance" "{\"registrations\":[{\"person\":$FGUP,\"present\":false,\"lawful\":false,\"reason\":\"no word\"}]}"
    expect 200
done
# and the pupil of 20 is present in the lessons of their group
for l in $(sql "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
  WHERE m.person_id = $P20 AND l.starts_at < '$TODAY' ORDER BY l.starts_at DESC LIMIT 6"); do
    WHAT="present $l" req staff POST "/api/v1/lessons/$l/attendance" "{\"registrations\":[{\"person\":$P20,\"present\":true}]}"
    expect 200
done
WHAT=candidates req staff GET "/api/v1/institutions/$FGU/candidates?lang=en"; expect 200 'concrete assessment'
jqb --argjson p "$FGUP" '[.candidates[] | select(.person == $p)] | length == 1'
jqb --argjson p "$FGUP" '.candidates[] | select(.person == $p) | .hits[0].criterion == "unlawful-absence-4w" and .hits[0].value >= 10 and .hits[0].absent_minutes > 0 and .finding.rule == "ubd.candidate" and .finding.status == "needs_judgement" and (.finding.reference | test("§ 36"))'
jqb --argjson p "$P20" '[.candidates[] | select(.person == $p)] | length == 0'
jqb '.pupils_screened >= 12'
WHAT="candidates on a date before the absence" req staff GET "/api/v1/institutions/$FGU/candidates?date=2020-01-01"; expect 200
jqb '.candidates == []'
WHAT="candidates, other staff" req staff2 GET "/api/v1/institutions/$FGU/candidates"; expect 403
WHAT="candidates, caseworker" req caseworker GET "/api/v1/institutions/$FGU/candidates"; expect 403
# the demo's pupils with rising unlawful absence are proposed too; P20 is not
WHAT="candidates, demo" req staff GET "/api/v1/institutions/$FGU/candidates"; expect 200
SARA=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-02'")
jqb --argjson p "$SARA" '[.candidates[] | select(.person == $p)] | length == 1'
# Nordskolen's pupils under 15 that the criteria hit are not covered by VBK § 31
WHAT="candidates, Nordskolen" req staff GET "/api/v1/institutions/$NORD/candidates?lang=en"; expect 200
jqb '(.hit_but_not_covered | length) >= 1 and ([.hit_but_not_covered[].scope.status] | all(. == "not_applicable"))'
WHAT="candidates, bad date" req staff GET "/api/v1/institutions/$FGU/candidates?date=yesterday"; expect 422
# the person's findings use the institution's criteria too
WHAT=findings req staff GET "/api/v1/persons/$FGUP/findings?lang=en&family=ubd"; expect 200
jqb '.criteria.institution > 0 and (.findings[] | select(.rule == "ubd.candidate") | .status == "needs_judgement")'

# ---- a report, and the guardians' task done (VBK § 36, stk. 3)
WHAT=assessment req staff POST "/api/v1/persons/$FGUP/assessments" "{\"institution\":$FGU,\"assessed_on\":\"$TODAY\",\"at_risk\":true,\"grounds\":\"unlawful absence from 6 lessons in a row\"}"
expect 201
AS=$(printf '%s' "$BODY" | jq .id)
WHAT=report req staff POST "/api/v1/persons/$FGUP/reports" "{\"institution\":$FGU,\"kind\":\"risk\",\"assessment\":$AS}"
expect 201
TASK=$(printf '%s' "$BODY" | jq .task.id)
[ "$TASK" != null ] || fail "no task: $BODY"
WHAT="task by other staff" req staff2 POST "/api/v1/tasks/$TASK/done" "{\"done_on\":\"$TODAY\"}"; expect 403
WHAT="task, bad date" req staff POST "/api/v1/tasks/$TASK/done" '{"done_on":"soon"}'; expect 422 '"field":"done_on"'
WHAT="task done" req staff POST "/api/v1/tasks/$TASK/done" "{\"done_on\":\"$TODAY\"}"; expect 200 '"status":"done"'
WHAT="task done twice" req staff POST "/api/v1/tasks/$TASK/done" "{\"done_on\":\"$TODAY\"}"; expect 409
WHAT="no such task" req staff POST "/api/v1/tasks/99999/done" "{\"done_on\":\"$TODAY\"}"; expect 404
WHAT=findings req staff GET "/api/v1/persons/$FGUP/findings?family=ubd"; expect 200
jqb '[.findings[] | select(.rule == "ubd.guardians")] | length == 1 and .[0].status == "ok"'

# ---- person facts (VBK § 31, stk. 2): a completed youth education takes the pupil out of scope
WHAT="facts, wrong type" req staff PUT "/api/v1/persons/$P20/facts" '{"completed_youth_education":"yes"}'; expect 422 '"field":"completed_youth_education"'
WHAT="facts, unknown key" req staff PUT "/api/v1/persons/$P20/facts" '{"married":true}'; expect 422
WHAT="facts, other staff" req staff2 PUT "/api/v1/persons/$P20/facts" '{"completed_youth_education":true}'; expect 404
WHAT="facts by a pupil" req pupil2 PUT "/api/v1/persons/$FGUP/facts" '{"completed_youth_education":true}'; expect 403
WHAT=facts req staff PUT "/api/v1/persons/$P20/facts" '{"completed_youth_education":true}'; expect 200
[ "$(sql "SELECT completed_youth_education FROM persons WHERE id = $P20")" = 1 ] || fail "facts not stored"
WHAT=findings req staff GET "/api/v1/persons/$P20/findings?lang=en&family=ubd"; expect 200
jqb '.findings[] | select(.rule == "ubd.scope") | .status == "not_applicable" and .facts.completed_education == "yes"'
WHAT="facts unknown" req caseworker2 PUT "/api/v1/persons/$P20/facts" '{"completed_youth_education":null}'; expect 200
WHAT=findings req caseworker2 GET "/api/v1/persons/$P20/findings?lang=en&family=ubd"; expect 200
jqb '.findings[] | select(.rule == "ubd.scope") | .status == "needs_judgement"'
ENROL=$(sql "SELECT id FROM enrolments WHERE person_id = $P20 AND role = 'pupil'")
WHAT="planned end" req staff PUT "/api/v1/persons/$P20/enrolments/$ENROL" '{"planned_end":null}'; expect 200 '"planned_end":null'
[ -z "$(sql "SELECT planned_end FROM enrolments WHERE id = $ENROL")" ] || fail "planned end not cleared"
WHAT="planned end of another's spell" req staff PUT "/api/v1/persons/$FGUP/enrolments/$ENROL" '{"planned_end":"2027-06-30"}'; expect 404
WHAT="planned end, bad" req staff PUT "/api/v1/persons/$P20/enrolments/$ENROL" '{"planned_end":"2027-02-30"}'; expect 422 '"field":"planned_end"'

# ---- the 15-17 duty: steps checked by the engine; cases sorted by deadline (duty order § 10)
AGO3=$(date -d '3 days ago' +%F); AGO20=$(date -d '20 days ago' +%F)
WHAT="step, bad kind" req caseworker POST "/api/v1/persons/$FGUP/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"phoned\"}"
expect 422 '"field":"kind"'
WHAT="step, decision without duty_met" req caseworker POST "/api/v1/persons/$FGUP/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"decision\"}"
expect 422 'a decision needs duty_met'
WHAT="step, other municipality" req caseworker2 POST "/api/v1/persons/$FGUP/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"aware\"}"; expect 404
WHAT="step by staff" req staff POST "/api/v1/persons/$FGUP/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"aware\"}"; expect 403
WHAT=step req caseworker POST "/api/v1/persons/$FGUP/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"aware\",\"note\":\"stopped attending\"}"; expect 201
WHAT=step2 req caseworker POST "/api/v1/persons/$P16/duty-steps" "{\"date\":\"$AGO20\",\"kind\":\"aware\"}"; expect 201
# a grown-up (20) with a step is no 15-17 duty case
WHAT=step3 req caseworker2 POST "/api/v1/persons/$P20/duty-steps" "{\"date\":\"$AGO3\",\"kind\":\"aware\"}"; expect 201
WHAT="duty cases" req caseworker GET "/api/v1/municipality/duty?lang=en"; expect 200
# the cases with an open deadline first (soonest first); then the demo's
# cases with steps and nothing open (Asta's whole case, Bertil's exemption)
jqb --argjson a "$P16" --argjson b "$FGUP" '[.cases[].person][0:2] == [$a, $b] and ([.cases[2:][] | .deadline] | all(. == null))'
jqb '[.cases[] | select(.attention | not) | .steps | length > 0] | length == 2 and all'
jqb '[.cases[] | .age] | all(. >= 15 and . <= 17)'
jqb --argjson a "$P16" '.cases[0] | .person == $a and .deadline_rule == "duty.contact_deadline" and (.deadline_reference | test("§ 10, stk. 1")) and .days_left < 0 and any(.findings[]; .rule == "duty.contact_deadline" and .status == "overdue")'
jqb '.cases[1] | .deadline_rule == "duty.contact_deadline" and (.days_left | type) == "number" and .age == 17'
WHAT="duty cases 0746" req caseworker2 GET "/api/v1/municipality/duty"; expect 200
jqb '.cases == []'
WHAT="duty cases by staff" req staff GET "/api/v1/municipality/duty"; expect 403

# ---- STU facts checked by the engine; the cases with the engine's findings
STU='{"decision":{"date":"2025-06-01","eligible":true,"consulted":true},"start":"2025-08-11","plans":[{"date":"2025-08-01","kind":"initial","covers_years":3}],"years":[{"from":"2025-08-11","to":"2026-08-10","teaching_hours":700,"practical_days":20}]}'
WHAT="stu, bad date" req caseworker PUT "/api/v1/persons/$FGUP/stu" '{"start":"2025-13-01"}'; expect 422 '"field":"start"'
WHAT="stu, bad field" req caseworker PUT "/api/v1/persons/$FGUP/stu" '{"years":[{"from":"2025-08-11","to":"2026-08-10","teaching_hours":"many"}]}'
expect 422 '"field":"years\[0\].teaching_hours"'
WHAT="stu, enrolment" req caseworker PUT "/api/v1/persons/$FGUP/stu" '{"enrolment":"e1"}'; expect 422 '"field":"enrolment"'
WHAT="stu, other municipality" req caseworker2 PUT "/api/v1/persons/$FGUP/stu" "$STU"; expect 404
WHAT=stu req caseworker PUT "/api/v1/persons/$FGUP/stu" "$STU"; expect 200
jqb '.stu.years[0].teaching_hours == 700'
WHAT="stu cases" req caseworker GET "/api/v1/municipality/stu?lang=en"; expect 200
jqb --argjson p "$FGUP" '[.cases[] | select(.person == $p)] | length == 1 and .[0].stu.start == "2025-08-11"'
# 700 + 4.2 x 20 = 784 < 840 hours (STU-loven § 7): a breach; the 5-year limit (§ 2, stk. 4) is due on 2030-08-10
jqb --argjson p "$FGUP" '.cases[] | select(.person == $p) | .findings[] | select(.rule == "stu.hours") | .status == "breach"'
jqb --argjson p "$FGUP" '.cases[] | select(.person == $p) | .findings[] | select(.rule == "stu.completion") | .status == "due" and (.due | startswith("2030-08"))'
# the demo's STU case (the grown-up child): 800 + 4.2 x 15 = 863 hours, ok
jqb --argjson p "$FGUP" '[.cases[] | select(.person != $p) | .findings[] | select(.rule == "stu.hours")] | length >= 1 and all(.status == "ok")'
WHAT="stu cases 0746" req caseworker2 GET "/api/v1/municipality/stu"; expect 200
jqb '.cases == []'

# ---- every change and read above is audited
[ "$(sql "SELECT count(*) FROM audit WHERE action IN ('criteria.put','task.done','person.facts','duty.step.add','stu.put','institution.candidates.read','municipality.duty.read','municipality.stu.read')")" -ge 12 ] || fail "audit records missing"
echo "ok server_followup"
