#!/bin/sh
# The server's static file handler (src/server/static.c) and the exports of
# lists (src/server/api_export.c), against a small web directory made here
# (the built web application is tested in a browser by tests/web/e2e.mjs):
# content types, the CSP and caching headers, 304 on an unchanged file, HEAD,
# no directory traversal (dot segments, escapes, a symbolic link out), the
# API's 404 kept JSON; CSV and Excel exports with the same scope as JSON.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"

W="$T/web"
mkdir -p "$W/js" "$W/sub"
printf '<!DOCTYPE html><title>t</title>\n' >"$W/index.html"
printf 'export const x = 1;\n' >"$W/js/a.js"
printf 'body{}\n' >"$W/a.css"
printf 'secret\n' >"$W/.hidden"
printf 'outside\n' >"$T/outside.txt"
ln -s "$T/outside.txt" "$W/sub/link.txt"
start_server --demo --db "$T/db.sqlite" --web "$W"
grep -q "web application from $W" "$T/server.out" || fail "the web directory is not announced: $(cat "$T/server.out")"

head_of() { curl -s -D "$T/h" -o "$T/b" --path-as-is "$@"; }
head_of "$BASE/"
grep -q "^HTTP/1.1 200" "$T/h" || fail "GET /: $(head -1 "$T/h")"
grep -qi "^Content-Type: text/html; charset=utf-8" "$T/h" || fail "/ content type"
grep -qi "^Content-Security-Policy: default-src 'self'" "$T/h" || fail "/ has no CSP"
grep -qi "^Cache-Control: no-cache" "$T/h" || fail "/ cache header"
grep -qi "^X-Content-Type-Options: nosniff" "$T/h" || fail "/ nosniff"
cmp -s "$T/b" "$W/index.html" || fail "/ is not index.html"
ETAG=$(grep -i '^ETag:' "$T/h" | sed 's/^[^:]*: *//' | tr -d '\r')
[ -n "$ETAG" ] || fail "no ETag"
head_of -H "If-None-Match: $ETAG" "$BASE/index.html"
grep -q "^HTTP/1.1 304" "$T/h" || fail "unchanged file: $(head -1 "$T/h")"
head_of "$BASE/js/a.js"
grep -qi "^Content-Type: text/javascript" "$T/h" || fail "js content type"
head_of "$BASE/a.css"
grep -qi "^Content-Type: text/css" "$T/h" || fail "css content type"
head_of -I "$BASE/js/a.js"
grep -q "^HTTP/1.1 200" "$T/h" || fail "HEAD: $(head -1 "$T/h")"
for bad in /../outside.txt /js/../../outside.txt /%2e%2e/outside.txt /.hidden /sub/link.txt /js//a.js \
    '/js/a.js%00.html' /nothing.html /js/; do
    head_of "$BASE$bad"
    grep -q "^HTTP/1.1 404" "$T/h" || fail "$bad: $(head -1 "$T/h")"
    grep -q "outside\|secret" "$T/b" && fail "$bad leaked a file"
done
# the API keeps its JSON errors; other methods than GET and HEAD are refused
head_of "$BASE/api/v1/nothing"
grep -q '"code":"not_found"' "$T/b" || fail "API 404 is not JSON"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/index.html")
[ "$STATUS" = 404 ] || fail "POST to a file: $STATUS"

# ---- exports: ?format=csv|xlsx on a GET list, with the same role and scope
login staff
login staff2
login caseworker
curl -s -b "$T/staff.jar" -D "$T/h" -o "$T/inst.csv" "$BASE/api/v1/institutions?format=csv"
grep -qi '^Content-Type: text/csv' "$T/h" || fail "CSV content type: $(cat "$T/h")"
grep -qi '^Content-Disposition: attachment; filename="institutions-' "$T/h" || fail "CSV file name"
sed -n 1p "$T/inst.csv" | grep -q 'id,code,name,kind,municipality' || fail "CSV header: $(head -1 "$T/inst.csv")"
grep -q ',Nordskolen,grundskole,0751' "$T/inst.csv" || fail "CSV rows: $(cat "$T/inst.csv")"
[ "$(wc -l <"$T/inst.csv")" -eq 3 ] || fail "staff sees two institutions: $(cat "$T/inst.csv")"
curl -s -b "$T/staff.jar" -D "$T/h" -o "$T/inst.xlsx" "$BASE/api/v1/institutions?format=xlsx"
grep -qi '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$T/h" || fail "xlsx type"
[ "$(head -c 2 "$T/inst.xlsx")" = PK ] || fail "the xlsx is not a zip file"
req staff GET "/api/v1/institutions?format=pdf"; expect 422 '"field":"format"'
req staff GET /api/v1/institutions
NORD=$(printf '%s' "$BODY" | grep -o '"id":[0-9]*,"code":"[0-9]*","name":"Nordskolen"' | sed 's/"id":\([0-9]*\).*/\1/')
req staff2 GET "/api/v1/institutions/$NORD/groups?format=csv"; expect 403 '"code":"forbidden"'
req staff GET "/api/v1/institutions/$NORD/groups?format=csv"
[ "$STATUS" = 200 ] || fail "groups CSV: $STATUS"
printf '%s' "$BODY" | grep -q '^.*id,code,name,type' || fail "groups CSV header: $(printf '%s' "$BODY" | head -2)"

# ---- the FGU competence certificate as PDF (src/server/api_docs.c)
req staff GET /api/v1/institutions
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
NORDP=$(sed -n 's/.*Demo persons: pupil \([0-9]*\) (Nordskolen).*/\1/p' "$T/server.out")
FGU=$(printf '%s' "$BODY" | grep -o '"id":[0-9]*,"code":"[0-9]*","name":"FGU' | sed 's/"id":\([0-9]*\).*/\1/')
[ -n "$FGUP" ] && [ -n "$FGU" ] && [ -n "$NORDP" ] || fail "demo ids: $FGUP $FGU $NORDP"
login pupil2
curl -s -b "$T/pupil2.jar" -D "$T/h" -o "$T/cert.pdf" "$BASE/api/v1/persons/$FGUP/documents/fgu-certificate?institution=$FGU"
grep -q "^HTTP/1.1 200" "$T/h" || fail "certificate: $(head -1 "$T/h") $(cat "$T/cert.pdf")"
grep -qi '^Content-Type: application/pdf' "$T/h" || fail "certificate type"
[ "$(head -c 5 "$T/cert.pdf")" = "%PDF-" ] || fail "not a PDF"
grep -q "%%EOF" "$T/cert.pdf" || fail "the PDF is not complete"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'document.fgu_certificate' AND subjects = '$FGUP'")" = 1 ] ||
    fail "the certificate's read is not audited"
req pupil2 GET "/api/v1/persons/$NORDP/documents/fgu-certificate?institution=$FGU"; expect 404 '"code":"not_found"'
req staff GET "/api/v1/persons/$FGUP/documents/fgu-certificate?institution=$NORD"; expect 422 '"code":"not_fgu"'
req staff GET "/api/v1/persons/$FGUP/documents/fgu-certificate"; expect 422 '"field":"institution"'
req staff GET "/api/v1/persons/$NORDP/documents/fgu-certificate?institution=$FGU"; expect 422 '"code":"not_a_pupil"'
req staff2 GET "/api/v1/persons/$FGUP/documents/fgu-certificate?institution=$FGU"; expect 404
req caseworker GET "/api/v1/persons/$FGUP/documents/fgu-certificate?institution=$FGU"; expect 403 '"code":"forbidden"'
# the certificate's text (pdftotext): the stored FGU course facts (api_fgu.c)
pdftotext -enc UTF-8 "$T/cert.pdf" "$T/cert.txt" || fail "pdftotext"
grep -q "Kompetencebevis - UDKAST" "$T/cert.txt" || fail "a certificate not issued is not marked a draft: $(cat "$T/cert.txt")"
grep -q "§ 10, stk. 1" "$T/cert.txt" || fail "the draft does not name § 10, stk. 1"
# Emil's practice agreement (§ 11, nr. 10), from the demo's facts
PFROM=$(sql "SELECT json_extract(facts, '\$.practice_agreements[0].from') FROM fgu_facts WHERE person_id = $FGUP")
[ -n "$PFROM" ] || fail "the demo has no practice agreement for the FGU pupil"
grep -q "Praktik fra $PFROM" "$T/cert.txt" || fail "the practice agreement is not on the certificate: $(cat "$T/cert.txt")"
# Alma's certificate is issued: the date, the judgement, the retention (§ 10)
ALMA=$(sql "SELECT id FROM persons WHERE user_id = 'demo-fgu-08'")
ISSUED=$(sql "SELECT json_extract(facts, '\$.certificate.issued') FROM fgu_facts WHERE person_id = $ALMA")
JUDGED=$(sql "SELECT json_extract(facts, '\$.certificate.completion_judged') FROM fgu_facts WHERE person_id = $ALMA")
KEPT=$(sql "SELECT json_extract(facts, '\$.certificate.retained_until') FROM fgu_facts WHERE person_id = $ALMA")
[ -n "$ISSUED" ] && [ -n "$JUDGED" ] && [ -n "$KEPT" ] || fail "the demo's issued certificate: $ISSUED $JUDGED $KEPT"
curl -s -b "$T/staff.jar" -o "$T/alma.pdf" "$BASE/api/v1/persons/$ALMA/documents/fgu-certificate?institution=$FGU"
pdftotext -enc UTF-8 "$T/alma.pdf" "$T/alma.txt" || fail "pdftotext (issued)"
grep -q "^Kompetencebevis$" "$T/alma.txt" || fail "an issued certificate is marked otherwise: $(cat "$T/alma.txt")"
grep -q "UDKAST" "$T/alma.txt" && fail "an issued certificate is marked a draft"
grep -q "Udstedt $ISSUED" "$T/alma.txt" || fail "no issue date: $(cat "$T/alma.txt")"
grep -q "vurderede $JUDGED" "$T/alma.txt" || fail "no judgement of completion"
grep -q "til og med $KEPT (§ 10, stk. 4)" "$T/alma.txt" || fail "no retention date"
grep -q "Intet registreret" "$T/alma.txt" || fail "no combination course is not said"
echo "ok"
