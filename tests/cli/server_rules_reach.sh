#!/bin/sh
# Every rule of the rules engine is reachable through the API (issue 5): for
# every rule id that `ungdb rules list` prints, some person of the demo has a
# finding of that rule with a status other than not_applicable in
# GET /api/v1/persons/{id}/findings (as the administrator, who is shown every
# family). The rules come from `rules list`, so a new rule is covered at
# once. A rule the demo cannot reach is listed below with the reason (also
# in docs/server.md, "Every rule through the API"); a listed rule that the
# demo reaches after all fails the test, so the list only shrinks.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"

# rule id <TAB> why the demo cannot reach it (none now: every rule of the
# four families is reached; a rule added to the engine before the store can
# feed it is listed here with the reason, and in docs/server.md)
cat >"$T/exceptions.tsv" <<'EOF'
EOF

"$UNGDB" rules list | cut -f1 | sort >"$T/rules.txt"
[ "$(wc -l <"$T/rules.txt")" -ge 40 ] || fail "rules list printed too few rules: $(cat "$T/rules.txt")"
grep -v '^$' "$T/exceptions.tsv" | cut -f1 | sort >"$T/except.txt"
unknown=$(comm -13 "$T/rules.txt" "$T/except.txt")
[ -z "$unknown" ] || fail "exceptions that are no rule: $unknown"

start_server --demo --db "$T/db.sqlite" --quiet
login admin
: >"$T/reached.txt"
n=0
for id in $(sql "SELECT id FROM persons WHERE birth_date IS NOT NULL ORDER BY id"); do
    WHAT="findings of $id" req admin GET "/api/v1/persons/$id/findings?lang=en"
    expect 200
    printf '%s' "$BODY" | jq -r '.findings[] | select(.status != "not_applicable") | .rule' >>"$T/reached.txt" ||
        fail "findings of $id are not JSON: $BODY"
    n=$((n + 1))
done
[ "$n" -ge 100 ] || fail "only $n demo persons with a birth date"
sort -u "$T/reached.txt" >"$T/reached.sorted"

# every rule is reached, or is an exception
missing=$(comm -23 "$T/rules.txt" "$T/reached.sorted" | comm -23 - "$T/except.txt")
[ -z "$missing" ] || fail "rules no demo person's findings reach (status other than not_applicable): $(echo $missing)"
# and no exception is reached (then it must leave the list)
stale=$(comm -12 "$T/except.txt" "$T/reached.sorted")
[ -z "$stale" ] || fail "rules listed as unreachable that the demo reaches now; remove them from the list: $(echo $stale)"
echo "ok server_rules_reach ($(comm -12 "$T/rules.txt" "$T/reached.sorted" | wc -l) of $(wc -l <"$T/rules.txt") rules reached over $n persons, $(wc -l <"$T/except.txt") listed exceptions)"
