#!/bin/sh
# Persons and cases through the API: each role's view of a person (404 where
# existence is secret), the pupil's comment, a guardian's children under 18
# only, a concern-about-absence notice forcing a report (VBK § 36, stk. 2)
# with the guardians' task for a pupil under 18 (§ 36, stk. 3), the report in
# the outbox and in the right municipality's inbox, and the audit log
# (administrators only, append-only in the store). VBK § 31's in-scope check
# through the rules engine: a pupil of 6 is not reported, a pupil of 17 is.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
for u in admin staff staff2 caseworker caseworker2 pupil pupil2 guardian researcher; do login $u; done
PUPIL=$(sed -n 's/.*Demo persons: pupil \([0-9]*\) (Nordskolen).*/\1/p' "$T/server.out")
OTHER=$(sed -n 's/.*pupil \([0-9]*\) (lives in 0746).*/\1/p' "$T/server.out")
GROWN=$(sed -n 's/.*grown-up child \([0-9]*\).*/\1/p' "$T/server.out")
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
FGU=$(sql "SELECT id FROM institutions WHERE kind = 'fgu'")
FGUENROL=$(sql "SELECT id FROM enrolments WHERE person_id = $FGUP AND role = 'pupil'")
SYD=$(sql "SELECT id FROM institutions WHERE name = 'Sydskolen'")
TODAY=$(date +%F)
[ -n "$PUPIL" ] && [ -n "$OTHER" ] && [ -n "$GROWN" ] && [ -n "$FGUP" ] || fail "demo persons: $(cat "$T/server.out")"
# a registration of the pupil to comment on
LESSON=$(sql "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
  WHERE m.person_id = $PUPIL AND l.starts_at < date('now') ORDER BY l.starts_at DESC LIMIT 1")
WHAT=register req staff POST "/api/v1/lessons/$LESSON/attendance" "{\"registrations\":[{\"person\":$PUPIL,\"present\":false,\"absent_minutes\":20,\"lawful\":false}]}"
expect 200

while IFS='|' read -r want user method path body; do
    [ -z "$want" ] && continue
    WHAT="$user $method $path"
    if [ -n "$body" ]; then req "$user" "$method" "$path" "$body"; else req "$user" "$method" "$path"; fi
    expect "$want"
done <<MATRIX
200|admin|GET|/api/v1/persons/$PUPIL|
200|staff|GET|/api/v1/persons/$PUPIL|
404|staff2|GET|/api/v1/persons/$PUPIL|
200|caseworker|GET|/api/v1/persons/$PUPIL|
404|caseworker2|GET|/api/v1/persons/$PUPIL|
200|caseworker2|GET|/api/v1/persons/$OTHER|
404|caseworker|GET|/api/v1/persons/$OTHER|
200|pupil|GET|/api/v1/persons/$PUPIL/attendance|
404|pupil|GET|/api/v1/persons/$OTHER/attendance|
200|guardian|GET|/api/v1/persons/$PUPIL/attendance|
404|guardian|GET|/api/v1/persons/$GROWN|
404|guardian|GET|/api/v1/persons/$OTHER|
403|researcher|GET|/api/v1/persons/$PUPIL|
404|admin|GET|/api/v1/persons/99999999|
201|pupil|POST|/api/v1/persons/$PUPIL/attendance/$LESSON/comments|{"comment":"I was at the doctor's","reason":"illness"}
422|pupil|POST|/api/v1/persons/$PUPIL/attendance/$LESSON/comments|{"comment":"x","reason":"holiday"}
404|pupil|POST|/api/v1/persons/$OTHER/attendance/$LESSON/comments|{"comment":"x"}
403|staff|POST|/api/v1/persons/$PUPIL/attendance/$LESSON/comments|{"comment":"x"}
200|guardian|GET|/api/v1/me/children|
403|pupil|GET|/api/v1/me/children|
200|admin|GET|/api/v1/audit|
403|staff|GET|/api/v1/audit|
403|caseworker|GET|/api/v1/audit|
403|staff|GET|/api/v1/integration/outbox|
201|staff|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
201|admin|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"missing_hand_in"}
404|staff2|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
403|staff|POST|/api/v1/persons/$PUPIL/events|{"institution":$SYD,"date":"$TODAY","kind":"conduct"}
403|caseworker|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
403|pupil2|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
403|guardian|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
403|researcher|POST|/api/v1/persons/$FGUP/events|{"institution":$FGU,"date":"$TODAY","kind":"conduct"}
200|staff|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":{"date":"$TODAY","kind":"other_education"}}
200|caseworker|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":null}
404|staff2|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":null}
404|caseworker2|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":null}
403|pupil2|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":null}
403|guardian|PUT|/api/v1/persons/$FGUP/enrolments/$FGUENROL|{"announcement":null}
200|caseworker|GET|/api/v1/persons/$FGUP/duty-facts|
200|admin|GET|/api/v1/persons/$FGUP/duty-facts|
404|caseworker2|GET|/api/v1/persons/$FGUP/duty-facts|
403|staff|GET|/api/v1/persons/$FGUP/duty-facts|
403|pupil2|GET|/api/v1/persons/$FGUP/duty-facts|
403|guardian|GET|/api/v1/persons/$FGUP/duty-facts|
403|researcher|GET|/api/v1/persons/$FGUP/duty-facts|
200|caseworker|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[],"activities":[]}
200|admin|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[]}
404|caseworker2|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[]}
403|staff|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[]}
403|pupil2|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[]}
403|guardian|PUT|/api/v1/persons/$FGUP/duty-facts|{"employment":[]}
MATRIX
# the events written above (and only those) are stored, audited
[ "$(sql "SELECT count(*) FROM participation_events WHERE person_id = $FGUP")" = 2 ] || fail "events: not exactly the two allowed"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'event.add' AND subjects = '$FGUP' AND outcome = 'ok'")" = 2 ] || fail "events not audited"

WHAT=children req guardian GET /api/v1/me/children; expect 200 "\"id\":$PUPIL"
printf '%s' "$BODY" | grep -q "\"id\":$GROWN," && fail "a guardian sees a child of 19"
WHAT="own attendance" req pupil GET "/api/v1/persons/$PUPIL/attendance"; expect 200 '"comment":"I was at the doctor'"'"'s"'

# VBK § 31 through the engine: a concern notice about a pupil of 6 forces no report
WHAT="notice, not in scope" req staff POST "/api/v1/persons/$PUPIL/notices?lang=en" "{\"institution\":$NORD,\"kind\":\"concern_absence\",\"given_on\":\"$(date +%F)\"}"
expect 201 '"report":null'
printf '%s' "$BODY" | grep -q '"status":"not_applicable".*not 15-29 (§ 31, stk. 2)' || fail "no scope explanation: $BODY"
WHAT="assessment, young" req staff POST "/api/v1/persons/$PUPIL/assessments" "{\"institution\":$NORD,\"assessed_on\":\"$(date +%F)\",\"at_risk\":true,\"grounds\":\"absent often\"}"
expect 201
AS0=$(json_field id)
WHAT="report, not in scope" req staff POST "/api/v1/persons/$PUPIL/reports" "{\"institution\":$NORD,\"kind\":\"risk\",\"assessment\":$AS0}"
expect 422 '"code":"not_in_scope"'
printf '%s' "$BODY" | grep -q 'vejledningsbekendtgørelsen § 31, stk. 2 og 4: Eleven er [0-9]* år' || fail "refusal does not name § 31 and the facts: $BODY"
[ "$(sql "SELECT count(*) FROM reports WHERE person_id = $PUPIL")" = 0 ] || fail "a pupil out of scope was reported"
# a concern-about-absence notice about the FGU pupil of 17 forces a report, with the guardians' task
WHAT=notice req staff POST "/api/v1/persons/$FGUP/notices" "{\"institution\":$FGU,\"kind\":\"concern_absence\",\"given_on\":\"$(date +%F)\"}"
expect 201 'VBK § 36, stk. 2'
printf '%s' "$BODY" | grep -q '"kind":"notify_guardians"' || fail "no guardians' task for a pupil under 18: $BODY"
printf '%s' "$BODY" | grep -q '"in_scope_check":{[^}]*"status":"ok"' || fail "no in-scope check: $BODY"
WHAT="notice by other staff" req staff2 POST "/api/v1/persons/$FGUP/notices" "{\"institution\":$FGU,\"kind\":\"warning\",\"given_on\":\"2026-01-05\"}"
expect 404
WHAT="bad notice" req staff POST "/api/v1/persons/$FGUP/notices" "{\"institution\":$FGU,\"kind\":\"concern_absence\",\"given_on\":\"2026-02-30\"}"
expect 422 '"field":"given_on"'
# an assessment, and a risk report resting on it
WHAT=assessment req staff POST "/api/v1/persons/$FGUP/assessments" "{\"institution\":$FGU,\"assessed_on\":\"$(date +%F)\",\"at_risk\":true,\"grounds\":\"unlawful absence in 6 of the last 10 days\"}"
expect 201
AS=$(json_field id)
WHAT="report without assessment" req staff POST "/api/v1/persons/$FGUP/reports" "{\"institution\":$FGU,\"kind\":\"risk\"}"
expect 422 '"field":"assessment"'
WHAT=report req staff POST "/api/v1/persons/$FGUP/reports" "{\"institution\":$FGU,\"kind\":\"risk\",\"assessment\":$AS}"
expect 201 '"in_scope_check":{'
printf '%s' "$BODY" | grep -q '"rule":"ubd.scope".*"status":"ok"' || fail "report without the engine's scope finding: $BODY"
[ "$(sql "SELECT count(*) FROM reports WHERE person_id = $FGUP")" = 2 ] || fail "reports not stored"
[ "$(sql "SELECT count(*) FROM tasks WHERE person_id = $FGUP AND kind = 'notify_guardians'")" = 2 ] || fail "tasks not stored"
# findings of the rules engine for a person on a date, by role
WHAT=findings req staff GET "/api/v1/persons/$FGUP/findings?lang=en"; expect 200
[ "$(printf '%s' "$BODY" | jq -c .families)" = '["ubd","fgu"]' ] || fail "staff's families: $BODY"
printf '%s' "$BODY" | jq -e '[.findings[] | select(.family != "ubd" and .family != "fgu")] | length == 0' >/dev/null || fail "staff see other families"
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "ubd.scope" and .status == "ok" and .reference == "vejledningsbekendtgørelsen § 31, stk. 2 og 4" and .facts.age == "17")' >/dev/null || fail "ubd.scope: $BODY"
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "ubd.concern_notice" and .status == "ok")' >/dev/null || fail "ubd.concern_notice: $BODY"
# the guardians' task is not done: ubd.guardians is due on the next working day at the latest
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "ubd.guardians" and .status == "due" and (.days_left | type) == "number" and (.text | test("parental responsibility")))' >/dev/null || fail "ubd.guardians: $BODY"
[ "$(printf '%s' "$BODY" | jq -r '.summary.due')" -ge 1 ] || fail "summary: $BODY"
WHAT="findings da" req staff GET "/api/v1/persons/$FGUP/findings?family=ubd"; expect 200 '"lang":"da"'
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "ubd.scope" and (.text | test("Eleven er 17 år")) and .status_text == "opfyldt")' >/dev/null || fail "Danish text: $BODY"
WHAT="findings caseworker" req caseworker GET "/api/v1/persons/$FGUP/findings?lang=en"; expect 200
[ "$(printf '%s' "$BODY" | jq -c .families)" = '["ubd","duty","stu"]' ] || fail "caseworker's families: $BODY"
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "duty.met" and .status == "ok" and (.reference | test("§§ 1-6")))' >/dev/null || fail "duty.met: $BODY"
WHAT="findings on a past date" req admin GET "/api/v1/persons/$FGUP/findings?date=2000-01-01&family=ubd"; expect 200 '"date":"2000-01-01"'
printf '%s' "$BODY" | jq -e '.findings[] | select(.rule == "ubd.scope" and .status == "not_applicable")' >/dev/null || fail "scope before birth: $BODY"
while IFS='|' read -r want user path; do
    [ -z "$want" ] && continue
    WHAT="$user GET $path"; req "$user" GET "$path"; expect "$want"
done <<MATRIX
422|staff|/api/v1/persons/$FGUP/findings?lang=fr
422|staff|/api/v1/persons/$FGUP/findings?date=2026-13-01
422|staff|/api/v1/persons/$FGUP/findings?family=xyz
403|staff|/api/v1/persons/$FGUP/findings?family=duty
404|staff2|/api/v1/persons/$FGUP/findings
404|caseworker2|/api/v1/persons/$FGUP/findings
403|pupil2|/api/v1/persons/$FGUP/findings
403|guardian|/api/v1/persons/$FGUP/findings
403|researcher|/api/v1/persons/$FGUP/findings
404|admin|/api/v1/persons/99999999/findings
MATRIX
# the municipality of residence sees them; the other does not
WHAT=inbox req caseworker GET /api/v1/municipality/reports; expect 200 "\"person\":$FGUP"
WHAT="other inbox" req caseworker2 GET /api/v1/municipality/reports; expect 200
printf '%s' "$BODY" | grep -q "\"person\":$FGUP," && fail "another municipality sees the report"
# the integration collects the outbox (with the CPR number, for the youth database)
WHAT=outbox req admin GET /api/v1/integration/outbox; expect 200 '"legal_basis":"VBK § 36, stk. 2"'
LAST=$(printf '%s' "$BODY" | jq '.items[-1].id')
PENDING=$(printf '%s' "$BODY" | jq '.items | length')
# the demo's four reports (three of risk, one of an interruption) and this test's two
[ "$PENDING" = 6 ] || fail "outbox: $PENDING pending, want 6: $BODY"
printf '%s' "$BODY" | jq -e '[.items[].payload | select(.type == "interruption" and .legal_basis == "VBK § 32, nr. 3")] | length == 1' >/dev/null ||
    fail "outbox: the demo's interruption report is missing: $BODY"
WHAT=ack req admin POST /api/v1/integration/outbox/ack "{\"upto\":$LAST}"; expect 200 '"collected":6'
WHAT="outbox empty" req admin GET /api/v1/integration/outbox; expect 200 '"items":\[\]'
# the audit log: who read and changed this pupil's data
WHAT=audit req admin GET "/api/v1/audit?person=$PUPIL"; expect 200 '"action":"notice.add"'
printf '%s' "$BODY" | grep -q '"action":"person.attendance.read"' || fail "the pupil's own read is not audited"
WHAT=audit req admin GET "/api/v1/audit?person=$FGUP"; expect 200 '"action":"report.add"'
# the store refuses to change or delete audit records
sqlite3 "$T/db.sqlite" "UPDATE audit SET outcome = 'x'" 2>/dev/null && fail "audit UPDATE was allowed"
sqlite3 "$T/db.sqlite" "DELETE FROM audit" 2>/dev/null && fail "audit DELETE was allowed"
[ "$(sql "SELECT count(*) FROM audit WHERE outcome = 'x'")" = 0 ] || fail "audit changed"
echo "ok server_cases"
