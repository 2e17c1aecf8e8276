#!/bin/sh
# The criteria preview (POST /api/v1/institutions/{id}/criteria/preview):
# its weekly counts equal what `ungdb rules simulate` prints for the same
# criteria over the same attendance and notices, exported here from the store
# with sqlite3 one row per pupil and LESSON (the server writes one per pupil
# and day: two different paths to the same input); bad criteria get 422 with
# the engine's line and key; nothing is saved; the answer holds counts only
# (no CPR numbers, no names, no person ids); the range is checked.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
for u in admin staff staff2; do login $u; done
FGU=$(sql "SELECT id FROM institutions WHERE kind = 'fgu'")
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
[ -n "$FGU" ] && [ -n "$NORD" ] || fail "demo: $(cat "$T/server.out")"
jqb() { printf '%s' "$BODY" | jq -e "$@" >/dev/null || fail "${WHAT:-request}: jq $*: $BODY"; }
TODAY=$(date +%F)
FROM=$(date -d "$TODAY - 35 days" +%F)

# export INST DIR: the institution's attendance (per lesson) and notices in
# the format of docs/rules.md, "Attendance files"
export_dir() {
    mkdir -p "$2"
    { echo "pupil,date,lesson_minutes,absent_minutes,lawful"
      sql "SELECT 'x' || a.person_id || ',' || substr(l.starts_at, 1, 10) || ',' || l.minutes || ',' ||
                  a.absent_minutes || ',' || CASE WHEN a.absent_minutes = 0 THEN '' WHEN a.lawful = 1
                  THEN 'yes' ELSE 'no' END FROM attendance a JOIN lessons l ON l.id = a.lesson_id
           WHERE l.institution_id = $1 ORDER BY l.starts_at, a.person_id"; } >"$2/attendance.csv"
    { echo "pupil,date,kind"
      sql "SELECT 'x' || person_id || ',' || given_on || ',' || kind FROM notices
           WHERE institution_id = $1"; } >"$2/notices.csv"
    { echo "pupil,date,kind"
      sql "SELECT 'x' || person_id || ',' || event_on || ',' || kind FROM participation_events
           WHERE institution_id = $1"; } >"$2/events.csv"
}

# compare NAME INST CRITERIA_TEXT: the preview's weeks as the CSV of
# `ungdb rules simulate --csv` and the same file from the command line
compare() {
    cn=$1 ci=$2 ct=$3
    printf '%s' "$ct" >"$T/$cn.conf"
    export_dir "$ci" "$T/$cn"
    "$UNGDB" rules simulate "$T/$cn.conf" "$T/$cn" --from "$FROM" --to "$TODAY" \
        --csv "$T/$cn.cli.csv" >"$T/$cn.report" 2>"$T/$cn.err" ||
        fail "$cn: rules simulate: $(cat "$T/$cn.err")"
    WHAT="preview $cn" req staff POST "/api/v1/institutions/$ci/criteria/preview" \
        "$(jq -cn --arg t "$ct" --arg f "$FROM" --arg to "$TODAY" '{text: $t, from: $f, to: $to}')"
    expect 200
    printf '%s' "$BODY" >"$T/$cn.json"
    jq -r '(["week", "monday", "active", "flagged", "new", "cumulative"] + [.criteria.criteria[].name] | join(",")),
           (.weeks[] | [.week, .monday, .active, .flagged, .new, .cumulative] + [.hits[]] | map(tostring) | join(","))' \
        "$T/$cn.json" >"$T/$cn.api.csv"
    diff -u "$T/$cn.cli.csv" "$T/$cn.api.csv" || fail "$cn: the preview differs from rules simulate"
    # the same pupils in both
    [ "$(jq .pupils "$T/$cn.json")" = "$(sed 1d "$T/$cn/attendance.csv" | cut -d, -f1 | sort -u | wc -l)" ] ||
        fail "$cn: pupils $(jq .pupils "$T/$cn.json")"
}

# the FGU institution's own demo criteria (unlawful absence, a notice of
# concern, missing hand-ins)
compare fgu "$FGU" "$(sql "SELECT text FROM institution_criteria WHERE institution_id = $FGU")"
# the comparison is not of zeros: the demo's three risky FGU pupils are
# flagged, and the pupil with three missing hand-ins
jq -e '[.weeks[].flagged] | max == 4' "$T/fgu.json" >/dev/null || fail "fgu: $(cat "$T/fgu.json")"
jq -e '([.weeks[].hits["missing-hand-ins"]] | max == 1) and .event_rows == 3' "$T/fgu.json" >/dev/null ||
    fail "fgu: the events criterion: $(cat "$T/fgu.json")"
jq -e '[.weeks[].hits["concern-notices"]] | max >= 1' "$T/fgu.json" >/dev/null || fail "fgu: no notice hit"
jq -e '[.weeks[].active] | max > 0' "$T/fgu.json" >/dev/null || fail "fgu: no active pupils"
# a stricter file on Nordskolen: lawful and total absence, two hits needed
STRICT=$(printf 'institution = Nordskolen\nversion = strict\nmin_hits = 2\n\n[any-1w]\nlabel = Fravær mindst 2 %% en uge\nmeasure = absence_percent\nwindow = 1 week\nthreshold = 2\n\n[lawful-2w]\nlabel = Lovligt fravær mindst 1 time på 2 uger\nmeasure = lawful_absence_hours\nwindow = 2 weeks\nthreshold = 1\n\n[unlawful-3w]\nlabel = Ulovligt fravær mindst 1 %% på 3 uger\nmeasure = unlawful_absence_percent\nwindow = 3 weeks\nthreshold = 1\n')
compare strict "$NORD" "$STRICT"
jq -e '[.weeks[].flagged] | max > 0' "$T/strict.json" >/dev/null || fail "strict: nobody flagged"
jq -e '([.weeks[].flagged] | max) as $f | [.weeks[].hits["any-1w"]] | max > $f' "$T/strict.json" >/dev/null ||
    fail "strict: min_hits = 2 does not count fewer than one criterion"

# counts only: no CPR numbers, no names, no person ids
grep -Eq '[0-9]{6}-?[0-9]{4}' "$T/fgu.json" && fail "a CPR-like number in the preview"
grep -q 'Demoelev' "$T/fgu.json" && fail "a name in the preview"
grep -q '"person' "$T/fgu.json" && fail "a person in the preview"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'criteria.preview' AND object = 'institution/$FGU/criteria/preview' AND subjects IS NULL")" -ge 1 ] ||
    fail "the preview is not audited"

# nothing is saved
sql "SELECT text FROM institution_criteria WHERE institution_id = $NORD" | grep -q 'version = demo' ||
    fail "the preview saved the criteria"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'criteria.put'")" = 0 ] || fail "a preview saved"

# bad criteria: 422 with the engine's line and key
BAD=$(jq -cn --arg t "$(printf 'version = 1\n[a]\nmeasure = absence_percent\nwindow = 2 weeks\nthreshold = lots\n')" '{text: $t}')
WHAT="bad criteria" req staff POST "/api/v1/institutions/$FGU/criteria/preview" "$BAD"
expect 422 '"code":"bad_criteria"'
jqb '.error.line == 5 and .error.key == "threshold" and .error.field == "text"'
# the range: from after to, more than 53 weeks, not a date, unknown fields
OK='[a]\nmeasure = absence_percent\nwindow = 1 week\nthreshold = 50\n'
WHAT="reversed" req staff POST "/api/v1/institutions/$FGU/criteria/preview" "{\"text\":\"$OK\",\"from\":\"2026-03-01\",\"to\":\"2026-02-01\"}"
expect 422 '"field":"from"'
WHAT="too long" req staff POST "/api/v1/institutions/$FGU/criteria/preview" "{\"text\":\"$OK\",\"from\":\"2024-01-01\",\"to\":\"2026-02-01\"}"
expect 422 '"field":"to"'
WHAT="bad date" req staff POST "/api/v1/institutions/$FGU/criteria/preview" "{\"text\":\"$OK\",\"from\":\"2026-02-30\"}"
expect 422 '"field":"from"'
WHAT="unknown field" req staff POST "/api/v1/institutions/$FGU/criteria/preview" "{\"text\":\"$OK\",\"save\":true}"
expect 422 'save'
WHAT="no text" req staff POST "/api/v1/institutions/$FGU/criteria/preview" '{}'
expect 422 '"field":"text"'
# the default range: the 8 weeks up to this week, Monday to Sunday
WHAT="default range" req staff POST "/api/v1/institutions/$FGU/criteria/preview?lang=da" "{\"text\":\"$OK\"}"
expect 200
jqb --arg today "$TODAY" '(.weeks | length) == 8 and .to >= $today and (.proposal | test("§ 36")) and .lang == "da"'
# an events criterion counts the participation events (the demo's three
# missing hand-ins of one pupil within the last 17 days)
EV='[h]\nmeasure = events\nkind = missing_hand_in\nwindow = 4 weeks\nthreshold = 1\n'
WHAT="events" req staff POST "/api/v1/institutions/$FGU/criteria/preview?lang=en" "{\"text\":\"$EV\"}"
expect 200
jqb '.notes == [] and .event_rows == 3 and .weeks[-1].hits.h == 1 and .weeks[-1].flagged == 1'
echo "ok"
