#!/bin/sh
# The facts of schema version 3 through the API and the rules engine:
# participation events (VBK § 36) that a criteria file's events measure
# counts, so that the candidates and ubd.candidate see them; an enrolment's
# interruption (VBK § 32, nr. 3) and the pupil's announcement of leaving
# (§ 31) that ubd.interruption and ubd.not_when_leaving read; the duty
# order's employment (§ 4) and §§ 5-6 activities that duty.met reads, and the
# municipality's duty list of every 15-17 year old resident. Bad input is 422
# naming the JSON field, and nothing is changed.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
for u in admin staff staff2 caseworker caseworker2; do login $u; done
FGU=$(sql "SELECT id FROM institutions WHERE kind = 'fgu'")
P20=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-05'")
P17=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-07'")
VIGGO=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-13'")
E20=$(sql "SELECT id FROM enrolments WHERE person_id = $P20 AND role = 'pupil'")
E17=$(sql "SELECT id FROM enrolments WHERE person_id = $P17 AND role = 'pupil'")
S17=$(sql "SELECT start_date FROM enrolments WHERE id = $E17")
[ -n "$FGU" ] && [ -n "$P20" ] && [ -n "$E17" ] && [ -n "$VIGGO" ] || fail "demo values"
TODAY=$(date +%F)
AGO1=$(date -d '1 day ago' +%F)
AGO2=$(date -d '2 days ago' +%F)
TOMORROW=$(date -d tomorrow +%F)
jqb() { printf '%s' "$BODY" | jq -e "$@" >/dev/null || fail "${WHAT:-request}: jq $*: $BODY"; }
count() { sql "SELECT count(*) FROM $1"; }

# ---- participation events: bad input is refused whole, naming the field
EV0=$(count participation_events)
while IFS='|' read -r field body; do
    [ -z "$field" ] && continue
    WHAT="event, bad $field: $body" req staff POST "/api/v1/persons/$P20/events" "$body"
    expect 422 "\"field\":\"$(printf '%s' "$field" | sed 's/[][]/\\&/g')\""
done <<BAD
kind|{"institution":$FGU,"date":"$TODAY","kind":"late"}
kind|{"institution":$FGU,"date":"$TODAY","kind":7}
kind|{"institution":$FGU,"date":"$TODAY"}
date|{"institution":$FGU,"date":"$TOMORROW","kind":"conduct"}
date|{"institution":$FGU,"date":"2026-02-30","kind":"conduct"}
date|{"institution":$FGU,"date":"2019-01-01","kind":"conduct"}
date|{"institution":$FGU,"date":20261130,"kind":"conduct"}
institution|{"institution":"$FGU","date":"$TODAY","kind":"conduct"}
institution|{"institution":999999,"date":"$TODAY","kind":"conduct"}
colour|{"institution":$FGU,"date":"$TODAY","kind":"conduct","colour":"red"}
note|{"institution":$FGU,"date":"$TODAY","kind":"conduct","note":["x"]}
BAD
WHAT="event, a list" req staff POST "/api/v1/persons/$P20/events" '[1]'; expect 422
[ "$(count participation_events)" = "$EV0" ] || fail "a refused event was stored"

# ---- a criteria file with an events measure proposes the pupil once the events are posted
CRIT=$(printf 'institution = FGU Østjylland\nversion = events-test\n[no-participation]\nlabel = Mindst 2 gange manglende deltagelse på 14 dage\nmeasure = events\nkind = missing_participation\nwindow = 14 days\nthreshold = 2\n')
WHAT=criteria req staff PUT "/api/v1/institutions/$FGU/criteria" "$(jq -cn --arg t "$CRIT" '{text: $t}')"; expect 200
WHAT="candidates before" req staff GET "/api/v1/institutions/$FGU/candidates?lang=en"; expect 200
jqb --argjson p "$P20" '[.candidates[] | select(.person == $p)] | length == 0'
WHAT=event1 req staff POST "/api/v1/persons/$P20/events" "{\"institution\":$FGU,\"date\":\"$AGO2\",\"kind\":\"missing_participation\",\"note\":\"sad på mobilen hele timen\"}"
expect 201
jqb --argjson p "$P20" '.person == $p and .kind == "missing_participation" and .note == "sad på mobilen hele timen" and (.rule | test("§ 36"))'
WHAT="one event is not enough" req staff GET "/api/v1/institutions/$FGU/candidates"; expect 200
jqb --argjson p "$P20" '[.candidates[] | select(.person == $p)] | length == 0'
# another kind does not count
WHAT=event2 req staff POST "/api/v1/persons/$P20/events" "{\"institution\":$FGU,\"date\":\"$AGO1\",\"kind\":\"missing_hand_in\"}"; expect 201
WHAT="other kind" req staff GET "/api/v1/institutions/$FGU/candidates"; expect 200
jqb --argjson p "$P20" '[.candidates[] | select(.person == $p)] | length == 0'
WHAT=event3 req admin POST "/api/v1/persons/$P20/events" "{\"institution\":$FGU,\"date\":\"$TODAY\",\"kind\":\"missing_participation\"}"; expect 201
WHAT="candidates after" req staff GET "/api/v1/institutions/$FGU/candidates?lang=en"; expect 200
jqb --argjson p "$P20" '.candidates[] | select(.person == $p) | .hits == [{"criterion": "no-participation", "label": "Mindst 2 gange manglende deltagelse på 14 dage", "measure": "events", "value": 2, "threshold": 2, "window_days": 14}] and .finding.rule == "ubd.candidate" and .finding.status == "needs_judgement"'
# 15 days later the first event has left the 14-day window
LATER=$(date -d "$AGO2 + 14 days" +%F)
WHAT="candidates later" req staff GET "/api/v1/institutions/$FGU/candidates?date=$LATER"; expect 200
jqb --argjson p "$P20" '[.candidates[] | select(.person == $p)] | length == 0'
# the person's own findings: ubd.candidate names the events
WHAT=findings req staff GET "/api/v1/persons/$P20/findings?lang=en&family=ubd"; expect 200
jqb '.findings[] | select(.rule == "ubd.candidate") | .status == "needs_judgement" and (.text | test("no-participation"))'
# the events in the person's cases, newest first
WHAT=cases req caseworker2 GET "/api/v1/persons/$P20/cases"; expect 200
jqb --arg t "$TODAY" --arg a "$AGO2" '[.events[].date] == [$t, "'"$AGO1"'", $a] and .events[2].note == "sad på mobilen hele timen" and .events[0].institution > 0'
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'event.add' AND subjects = '$P20'")" = 3 ] || fail "events not audited"

# ---- interruption and announcement of an enrolment (VBK § 32, nr. 3; § 31)
ENR0=$(sql "SELECT quote(interrupted_on) || quote(announced_on) || quote(planned_end) FROM enrolments WHERE id = $E17")
while IFS='|' read -r field body; do
    [ -z "$field" ] && continue
    WHAT="enrolment, bad $field: $body" req staff PUT "/api/v1/persons/$P17/enrolments/$E17" "$body"
    expect 422 "\"field\":\"$(printf '%s' "$field" | sed 's/[][]/\\&/g')\""
done <<BAD
interruption.reason|{"interruption":{"date":"$AGO1","reason":"bored"}}
interruption.reason|{"interruption":{"date":"$AGO1"}}
interruption.date|{"interruption":{"date":"$TOMORROW","reason":"dropout"}}
interruption.date|{"interruption":{"date":"2020-01-01","reason":"dropout"}}
interruption.date|{"interruption":{"date":"2026-13-01","reason":"dropout"}}
interruption|{"interruption":"$AGO1"}
interruption.colour|{"interruption":{"date":"$AGO1","reason":"dropout","colour":1}}
announcement.kind|{"announcement":{"date":"$AGO1","kind":"maybe"}}
announcement.date|{"announcement":{"date":"$TOMORROW","kind":"abroad"}}
announcement|{"announcement":[1]}
planned_end|{}
planned_end|{"planned_end":"2027-02-30","interruption":{"date":"$AGO1","reason":"dropout"}}
finished|{"finished":true}
BAD
[ "$(sql "SELECT quote(interrupted_on) || quote(announced_on) || quote(planned_end) FROM enrolments WHERE id = $E17")" = "$ENR0" ] ||
    fail "a refused enrolment change was stored"
WHAT="interruption of another's spell" req staff PUT "/api/v1/persons/$P20/enrolments/$E17" "{\"interruption\":{\"date\":\"$AGO1\",\"reason\":\"dropout\"}}"; expect 404
WHAT=announcement req staff PUT "/api/v1/persons/$P17/enrolments/$E17" "{\"announcement\":{\"date\":\"$AGO1\",\"kind\":\"other_education\"}}"
expect 200
jqb --arg a "$AGO1" --arg s "$S17" '.announcement == {"date": $a, "kind": "other_education"} and .interruption == null and .start == $s and (.planned_end | type) == "string" and (.rules | test("§ 32, nr. 3"))'
WHAT=interruption req staff PUT "/api/v1/persons/$P17/enrolments/$E17" "{\"interruption\":{\"date\":\"$AGO1\",\"reason\":\"other_education\",\"note\":\"begynder på en erhvervsuddannelse\"}}"
expect 200
jqb --arg a "$AGO1" --arg i "$AGO1" '.announcement.date == $a and .interruption == {"date": $i, "reason": "other_education", "note": "begynder på en erhvervsuddannelse"}'
[ "$(sql "SELECT interrupted_on || ',' || interruption_reason || ',' || announced_kind FROM enrolments WHERE id = $E17")" = "$AGO1,other_education,other_education" ] ||
    fail "interruption not stored"
# the engine: the interruption is due to be reported as such (VBK § 32, nr. 3); the announcement forbids a risk report (§ 31)
WHAT=findings req admin GET "/api/v1/persons/$P17/findings?lang=en&family=ubd"; expect 200
jqb --arg i "$AGO1" '.findings[] | select(.rule == "ubd.interruption") | .status == "overdue" and .due == $i and .facts.interruption_date == $i and (.reference | test("§ 32, nr. 3"))'
jqb '.findings[] | select(.rule == "ubd.not_when_leaving") | .status == "ok"'
WHAT="interruption report" req staff POST "/api/v1/persons/$P17/reports" "{\"institution\":$FGU,\"kind\":\"interruption\"}"; expect 201
WHAT=findings req admin GET "/api/v1/persons/$P17/findings?lang=en&family=ubd"; expect 200
jqb '.findings[] | select(.rule == "ubd.interruption") | .status == "ok"'
# a risk report after the announcement breaks § 31 (the guide, section 1.2)
# a risk report after the pupil has left is refused: not enrolled, so not covered by § 31
WHAT="assessment after leaving" req staff POST "/api/v1/persons/$P17/assessments" "{\"institution\":$FGU,\"assessed_on\":\"$TODAY\",\"at_risk\":true,\"grounds\":\"has left\"}"
expect 201
AS=$(printf '%s' "$BODY" | jq .id)
WHAT="risk report after leaving" req staff POST "/api/v1/persons/$P17/reports?lang=en" "{\"institution\":$FGU,\"kind\":\"risk\",\"assessment\":$AS}"
expect 422 '"code":"not_in_scope"'
[ "$(sql "SELECT count(*) FROM reports WHERE person_id = $P17 AND kind = 'risk' AND reported_on = '$TODAY'")" = 0 ] || fail "a refused report was stored"
# evaluated on a date before the interruption, the spell was active
WHAT="findings before" req admin GET "/api/v1/persons/$P17/findings?lang=en&family=ubd&date=$(date -d '3 days ago' +%F)"; expect 200
jqb '[.findings[] | select(.rule == "ubd.interruption" and .status != "not_applicable")] | length == 0'

# ---- the duty: the interrupted 17 year old meets the duty no more (duty order §§ 1-6)
WHAT="duty list" req caseworker GET "/api/v1/municipality/duty?lang=en"; expect 200
jqb --argjson p "$P17" '.cases[] | select(.person == $p) | .attention and .steps == [] and (.findings[] | select(.rule == "duty.met") | .status == "breach")'
WHAT="duty list, bad all" req caseworker GET "/api/v1/municipality/duty?all=maybe"; expect 422 '"field":"all"'
# employment and activities: bad input refused, naming the field
DF0=$(count duty_facts)
while IFS='|' read -r field body; do
    [ -z "$field" ] && continue
    WHAT="duty facts, bad $field: $body" req caseworker PUT "/api/v1/persons/$P17/duty-facts" "$body"
    expect 422 "\"field\":\"$(printf '%s' "$field" | sed 's/[][]/\\&/g')\""
done <<BAD
employment|{"employment":{"from":"$TODAY"}}
employment[0].hours_per_week|{"employment":[{"from":"$TODAY","hours_per_week":200}]}
employment[0].hours_per_week|{"employment":[{"from":"$TODAY","hours_per_week":"full"}]}
employment[0].hours_per_week|{"employment":[{"from":"$TODAY"}]}
employment[0].from|{"employment":[{"from":"soon","hours_per_week":20}]}
employment[0].kind|{"employment":[{"from":"$TODAY","hours_per_week":20,"kind":"freelance"}]}
employment[0].to|{"employment":[{"from":"$TODAY","to":"$AGO2","hours_per_week":20}]}
activities[1].kind|{"activities":[{"kind":"voluntary_work","from":"$TODAY"},{"kind":"gaming","from":"$TODAY"}]}
activities[0].in_plan|{"activities":[{"kind":"trainee","from":"$TODAY","in_plan":"yes"}]}
salary|{"salary":1}
BAD
[ "$(count duty_facts)" = "$DF0" ] || fail "refused duty facts were stored"
WHAT="duty facts by staff" req staff PUT "/api/v1/persons/$P17/duty-facts" '{"employment":[]}'; expect 403
WHAT="duty facts, other municipality" req caseworker2 PUT "/api/v1/persons/$P17/duty-facts" '{"employment":[]}'; expect 404
WHAT="duty facts, none yet" req caseworker GET "/api/v1/persons/$P17/duty-facts"; expect 200
jqb '.employment == [] and .activities == [] and .updated_at == null'
# paid work of 19.5 hours a week is not enough (§ 4: at least 20), 25 is
WHAT="duty facts 19.5" req caseworker PUT "/api/v1/persons/$P17/duty-facts" "{\"employment\":[{\"from\":\"$AGO1\",\"hours_per_week\":19.5,\"paid\":true}]}"
expect 200
WHAT=findings req caseworker GET "/api/v1/persons/$P17/findings?lang=en&family=duty"; expect 200
jqb '.findings[] | select(.rule == "duty.met") | .status == "breach"'
WHAT="duty facts 25" req caseworker PUT "/api/v1/persons/$P17/duty-facts" "{\"employment\":[{\"from\":\"$AGO1\",\"hours_per_week\":25,\"paid\":true,\"kind\":\"ordinary\"}],\"activities\":[{\"kind\":\"voluntary_work\",\"from\":\"$AGO1\"}]}"
expect 200
jqb '.employment[0].hours_per_week == 25 and .activities[0].kind == "voluntary_work" and (.rule | test("§ 4"))'
WHAT="duty facts read" req admin GET "/api/v1/persons/$P17/duty-facts"; expect 200
jqb '.employment[0].hours_per_week == 25 and (.updated_at | type) == "string"'
WHAT=findings req caseworker GET "/api/v1/persons/$P17/findings?lang=en&family=duty"; expect 200
jqb '.findings[] | select(.rule == "duty.met") | .status == "ok" and (.facts.qualifying | test("§ 4"))'
# met, and no steps: no longer on the list, except with all=true
WHAT="duty list" req caseworker GET "/api/v1/municipality/duty?lang=en"; expect 200
jqb --argjson p "$P17" '[.cases[] | select(.person == $p)] == []'
WHAT="duty list, all" req caseworker GET "/api/v1/municipality/duty?lang=en&all=true"; expect 200
jqb --argjson p "$P17" --argjson v "$VIGGO" '([.cases[] | select(.person == $p)] | length == 1 and .[0].attention == false and .[0].employment[0].hours_per_week == 25) and ([.cases[] | select(.person == $v) | .findings[] | select(.rule == "duty.met") | .facts.qualifying] | .[0] | test("§ 4"))'
jqb '[.cases[].age] | all(. >= 15 and . <= 17) and length >= 10'
# the list is every resident 15-17 of the municipality (the age on the date, duty order § 1)
N1517=$(sql "SELECT count(*) FROM persons WHERE municipality = '0751' AND birth_date IS NOT NULL AND
  (CAST(strftime('%Y', 'now') AS INTEGER) - CAST(substr(birth_date, 1, 4) AS INTEGER)
   - (strftime('%m-%d', 'now') < substr(birth_date, 6, 5))) BETWEEN 15 AND 17")
jqb --argjson n "$N1517" '.cases | length == $n'
# the interruption removed again: the spell is active, the FGU enrolment meets the duty
WHAT="interruption removed" req staff PUT "/api/v1/persons/$P17/enrolments/$E17" '{"interruption":null,"announcement":null}'; expect 200
jqb '.interruption == null and .announcement == null'
WHAT=findings req admin GET "/api/v1/persons/$P17/findings?lang=en"; expect 200
jqb '[.findings[] | select(.rule == "ubd.interruption" or .rule == "ubd.not_when_leaving") | .status] | all(. == "not_applicable")'
jqb '.findings[] | select(.rule == "duty.met") | .facts.qualifying | test("§ 2, nr. 16")'

# ---- audited
for a in event.add enrolment.update duty.facts.put duty.facts.read municipality.duty.read; do
    [ "$(sql "SELECT count(*) FROM audit WHERE action = '$a' AND outcome = 'ok'")" -ge 1 ] || fail "no audit record $a"
done
echo "ok server_facts"
