#!/bin/sh
# Every rule of the draft FGU order (family fgu) is reachable through the
# API (issue 5): for each fgu rule id that `ungdb rules list` prints, some
# pupil of the demo's FGU institution has a finding of that rule, read with
# GET persons/{id}/findings as the institution's staff, whose status is not
# not_applicable. Data-driven: a new fgu rule is checked without editing
# this test. The rules read the FGU course facts stored with
# PUT persons/{id}/enrolments/{e}/fgu (the demo stores them for the twelve
# FGU pupils, src/server/demo.c) and the registered attendance.
#
# Exceptions (a rule that cannot be reached, with the reason): none.
EXCEPTIONS=""
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
login staff
FGU=$(sql "SELECT id FROM institutions WHERE kind = 'fgu'")
RULES=$("$UNGDB" rules list | cut -f1 | grep '^fgu\.')
[ "$(printf '%s\n' "$RULES" | wc -l)" -ge 17 ] || fail "rules list prints fewer than the 17 fgu rules: $RULES"
# the FGU institution's pupils, enrolled today, whose birth date is known
PUPILS=$(sql "SELECT DISTINCT e.person_id FROM enrolments e JOIN persons p ON p.id = e.person_id
  WHERE e.institution_id = $FGU AND e.role = 'pupil' AND p.birth_date IS NOT NULL ORDER BY e.person_id")
[ -n "$PUPILS" ] || fail "no FGU pupils in the demo"
: >"$T/found"
for p in $PUPILS; do
    WHAT="findings of $p" req staff GET "/api/v1/persons/$p/findings?family=fgu&lang=en"
    expect 200
    printf '%s' "$BODY" | jq -r '.findings[] | select(.status != "not_applicable") | "\(.rule) \(.status)"' >>"$T/found" ||
        fail "findings of $p are not JSON: $BODY"
done
missing=""
for rule in $RULES; do
    case " $EXCEPTIONS " in *" $rule "*) continue ;; esac
    grep -q "^$rule " "$T/found" || missing="$missing $rule"
done
[ -z "$missing" ] || fail "fgu rules with no finding other than not_applicable on the demo:$missing"
# and the demo shows the rules both met and not met
grep -q ' ok$' "$T/found" || fail "no fgu rule is met on the demo"
grep -q ' breach$' "$T/found" || fail "no fgu rule is breached on the demo"
for s in due overdue needs_judgement; do
    grep -q " $s\$" "$T/found" || fail "no fgu finding with status $s on the demo"
done
echo "ok server_fgu_rules: $(printf '%s\n' "$RULES" | wc -l) fgu rules, each reached"
