#!/bin/sh
# docs/openapi.yaml is tested: every route of src/server/routes.c is
# documented with the same roles (and nothing else is), every operation has
# examples, and every example runs, in file order, against a fresh demo
# server, logged in as its role. The answer must have the documented status
# and match the response schema of that status (types and required keys,
# recursively); the example's own response must match the schema too, and
# its top-level keys must be in the answer. A drifted example fails.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v yq >/dev/null && command -v jq >/dev/null || fail "yq and jq are needed (scripts/install-deps.sh)"
yq -c . "$ROOT/docs/openapi.yaml" >"$T/spec.json" || fail "docs/openapi.yaml is not valid YAML"
jq -e '.openapi == "3.1.0"' "$T/spec.json" >/dev/null || fail "not OpenAPI 3.1.0"

# ---- the routes and their roles against the document
tr '\n' ' ' <"$ROOT/src/server/routes.c" | grep -o '{M_[A-Z]*, *"[^"]*", *[a-z_]*, *[^,]*,' |
    sed 's/{M_\([A-Z]*\), *"\([^"]*\)", *[a-z_]*, *\([^,]*\),/\1 \2 \3/' |
    while read -r m p roles; do
        m=$(printf '%s' "$m" | tr 'A-Z' 'a-z')
        p=$(printf '%s' "$p" | sed 's/:\([a-z]*\)/{\1}/g')
        r=$(printf '%s' "$roles" | sed 's/R_ADMIN/admin/; s/R_STAFF/staff/; s/R_CASE/caseworker/; s/R_PUPIL/pupil/;
            s/R_GUARD/guardian/; s/R_RESEARCH/researcher/; s/ANY_USER/any/; s/^0$/public/' |
            tr -d ' ' | tr '|' '\n' | sort | tr '\n' ' ')
        printf '%s %s %s\n' "$m" "$p" "$r"
    done | sort >"$T/routes.txt"
[ -s "$T/routes.txt" ] || fail "no routes read from routes.c"
jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN("get","post","put","delete"))
       | "\(.key) \($p) \(.value["x-roles"] | sort | join(" ")) "' "$T/spec.json" | sort >"$T/doc.txt"
diff "$T/routes.txt" "$T/doc.txt" >"$T/routes.diff" || fail "routes.c (<) and docs/openapi.yaml (>) differ: $(cat "$T/routes.diff")"
jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN("get","post","put","delete"))
       | select((.value["x-examples"] // []) | length == 0) | "\(.key) \($p)"' "$T/spec.json" >"$T/noex.txt"
[ -s "$T/noex.txt" ] && fail "operations without examples: $(cat "$T/noex.txt")"

# ---- a demo server and the values the examples refer to
# a small pseudonymised register for the researcher's endpoints
"$UNGDB" gen --out "$T/deliveries" --institutions 2 --pupils-per-institution 20 --weeks 2 --seed 3 >/dev/null ||
    fail "gen"
head -c 32 /dev/urandom >"$T/key"
"$UNGDB" register build "$T/deliveries" --out "$T/register" --pseudonymize "$T/key" --quiet || fail "register build"
start_server --demo --db "$T/db.sqlite" --register "$T/register" --quiet
sqlv() { sql "$1" | head -1; }
PUPIL=$(sed -n 's/.*Demo persons: pupil \([0-9]*\) (Nordskolen).*/\1/p' "$T/server.out")
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
NORD=$(sqlv "SELECT id FROM institutions WHERE name = 'Nordskolen'")
FGU=$(sqlv "SELECT id FROM institutions WHERE kind = 'fgu'")
TODAY=$(date +%F)
NOW=$(date +%FT%H:%M)
jq -n --arg PUPIL "$PUPIL" --arg FGUP "$FGUP" --arg NORD "$NORD" --arg FGU "$FGU" --arg TODAY "$TODAY" \
    --arg SYD "$(sqlv "SELECT id FROM institutions WHERE name = 'Sydskolen'")" \
    --arg AGO3 "$(date -d '3 days ago' +%F)" \
    --arg NEXTJUNE "$(if [ "$(date +%m)" -ge 7 ]; then echo $(($(date +%Y) + 1)); else date +%Y; fi)-06-30" \
    --arg P16 "$(sqlv "SELECT id FROM persons WHERE user_id = 'demo-fgu-04'")" \
    --arg P20 "$(sqlv "SELECT id FROM persons WHERE user_id = 'demo-fgu-05'")" \
    --arg GROUP "$(sqlv "SELECT g.id FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.person_id = $PUPIL AND g.type = 'main'")" \
    --arg LESSON "$(sqlv "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
        WHERE m.person_id = $PUPIL AND l.starts_at < '$NOW' ORDER BY l.starts_at DESC LIMIT 1")" \
    --arg FGULESSON "$(sqlv "SELECT l.id FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
        WHERE m.person_id = $FGUP AND l.starts_at < '$NOW' AND l.minutes >= 30 ORDER BY l.starts_at DESC LIMIT 1")" \
    --arg ENROL "$(sqlv "SELECT id FROM enrolments WHERE person_id = $FGUP AND role = 'pupil'")" \
    --arg NENROL "$(sqlv "SELECT id FROM enrolments WHERE person_id = $PUPIL AND role = 'pupil'")" \
    --arg P19 "$(sqlv "SELECT id FROM persons WHERE user_id = 'demo-fgu-10'")" \
    --arg ENROL19 "$(sqlv "SELECT e.id FROM enrolments e JOIN persons p ON p.id = e.person_id WHERE p.user_id = 'demo-fgu-10' AND e.role = 'pupil'")" \
    '$ARGS.named' >"$T/vars.json"
jq -e 'all(.[]; length > 0)' "$T/vars.json" >/dev/null || fail "demo values missing: $(cat "$T/vars.json")"

# ---- jq: placeholders and the schema check
cat >"$T/lib.jq" <<'JQ'
def subst($v):
  if type == "string" then
    if test("^\\{[A-Z0-9_]+\\}$") then
      (.[1:-1]) as $k | ($v[$k] // error("unknown placeholder {\($k)}"))
      | if test("^[0-9]+$") then tonumber else . end
    else gsub("\\{(?<k>[A-Z0-9_]+)\\}"; ($v[.k] // error("unknown placeholder {\(.k)}")) | tostring)
    end
  elif type == "object" then . as $o | reduce keys_unsorted[] as $k ({}; .[$k] = ($o[$k] | subst($v)))
  elif type == "array" then [.[] | subst($v)]
  else . end;
def deref($root):
  if type == "object" and has("$ref") then
    . as $s | $root | getpath($s["$ref"] | ltrimstr("#/") | split("/")) | deref($root)
  else . end;
def jtype: if type == "number" then (if . == floor then "integer" else "number" end) else type end;
def typeok($t): jtype as $j | ($t | if type == "array" then . else [.] end)
  | any(.[]; . == $j or (. == "number" and $j == "integer"));
def check($root; $s0; $p):
  ($s0 | deref($root)) as $s | . as $v
  | if $s.oneOf then
      if [$s.oneOf[] | . as $alt | [$v | check($root; $alt; $p)] | length == 0] | any then empty
      else "\($p): matches none of oneOf" end
    else
      (if $s.type != null and ($v | typeok($s.type) | not) then "\($p): \($v | jtype), documented \($s.type)" else empty end),
      (if ($v | type) == "object" then
         (($s.required // [])[] | . as $k | select($v | has($k) | not) | "\($p): no key \"\($k)\""),
         (($s.properties // {}) | to_entries[] | .key as $k | .value as $ps | select($v | has($k))
            | $v[$k] | check($root; $ps; "\($p).\($k)"))
       elif ($v | type) == "array" and $s.items != null then
         range(0; $v | length) as $i | $v[$i] | check($root; $s.items; "\($p)[\($i)]")
       else empty end)
    end;
JQ

jq -c '.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN("get","post","put","delete"))
       | .key as $m | .value as $op | ($op["x-examples"] | to_entries[])
       | {path: $p, method: $m, n: .key, ex: .value, responses: $op.responses}' "$T/spec.json" >"$T/examples.jsonl"
NEX=$(wc -l <"$T/examples.jsonl")
[ "$NEX" -ge 40 ] || fail "only $NEX examples"
LOGGED=" "
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" >"$T/ex.json"
    role=$(jq -r '.ex.role' "$T/ex.json")
    xmethod=$(jq -r '.method | ascii_upcase' "$T/ex.json")
    xpath=$(jq -r --slurpfile v "$T/vars.json" -L "$T" 'include "lib"; .ex.path | subst($v[0])' "$T/ex.json") ||
        fail "example $i: $(cat "$T/ex.json")"
    WHAT="example $i: $role $xmethod $xpath"
    if [ "$role" = none ]; then
        rm -f "$T/none.jar" "$T/none.csrf"
    else
        case "$LOGGED" in *" $role "*) ;; *) login "$role"; LOGGED="$LOGGED$role " ;; esac
    fi
    if jq -e '.ex | has("body")' "$T/ex.json" >/dev/null; then
        body=$(jq -c --slurpfile v "$T/vars.json" -L "$T" 'include "lib"; .ex.body | subst($v[0])' "$T/ex.json") ||
            fail "$WHAT: body"
        req "$role" "$xmethod" "$xpath" "$body"
    else
        req "$role" "$xmethod" "$xpath"
    fi
    want=$(jq -r '.ex.status' "$T/ex.json")
    [ "$STATUS" = "$want" ] || fail "$WHAT: status $STATUS, documented $want: $BODY"
    contains=$(jq -r '.ex.contains // empty' "$T/ex.json")
    if [ -n "$contains" ]; then
        grep -q -a -- "$contains" "$T/resp" || fail "$WHAT: the answer lacks '$contains'"
        continue
    fi
    printf '%s' "$BODY" >"$T/actual.json"
    jq -e . "$T/actual.json" >/dev/null 2>&1 || fail "$WHAT: the answer is not JSON: $BODY"
    errs=$(jq -r --slurpfile spec "$T/spec.json" --slurpfile a "$T/actual.json" -L "$T" 'include "lib";
        $spec[0] as $root | .ex as $ex
        | (.responses[.ex.status | tostring] // error("status \(.ex.status) is not documented")) | deref($root)
        | .content["application/json"].schema as $s
        | if $s == null then "no JSON schema for the status" else
            ($a[0] | check($root; $s; "answer")),
            (($ex.response // null) as $r | if $r == null then "no example response" else ($r | check($root; $s; "example")) end)
          end' "$T/ex.json" 2>&1) || fail "$WHAT: $errs"
    [ -z "$errs" ] || fail "$WHAT: $errs
answer: $BODY"
    missing=$(jq -r --slurpfile a "$T/actual.json" '(.ex.response | keys) - ($a[0] | keys) | join(", ")' "$T/ex.json")
    [ -z "$missing" ] || fail "$WHAT: the example's keys $missing are not in the answer: $BODY"
    # values saved for later examples
    for k in $(jq -r '.ex.save // {} | keys[]' "$T/ex.json"); do
        expr=$(jq -r --arg k "$k" '.ex.save[$k]' "$T/ex.json")
        val=$(jq -r "$expr" "$T/actual.json")
        [ -n "$val" ] && [ "$val" != null ] || fail "$WHAT: nothing to save at $expr: $BODY"
        jq --arg k "$k" --arg v "$val" '.[$k] = $v' "$T/vars.json" >"$T/vars.new" && mv "$T/vars.new" "$T/vars.json"
    done
done <"$T/examples.jsonl"
[ "$i" = "$NEX" ] || fail "ran $i of $NEX examples"
echo "ok server_openapi ($NEX examples)"
