#!/bin/sh
# Backing up a running server and restoring (docs/server.md, "Backing up and
# restoring"): while clients keep registering attendance, the store is copied
# with SQLite's online backup (.backup) and with VACUUM INTO; each copy passes
# PRAGMA integrity_check, holds every registration acknowledged before the
# copy began, and is opened by a new server (a restore) that answers with the
# same data through the API: logins, a lesson's registrations, a person's
# findings, the audit log.
set -u
UNGDB=$1
T=$(mktemp -d)
. "$(dirname "$0")/lib/server.sh"
start_server --demo --db "$T/db.sqlite" --quiet
login staff
login admin
NORD=$(sql "SELECT id FROM institutions WHERE name = 'Nordskolen'")
FGUP=$(sed -n 's/.*pupil \([0-9]*\) (FGU).*/\1/p' "$T/server.out")
# lessons of Nordskolen before today with their pupils
sql "SELECT l.id, group_concat(DISTINCT m.person_id) FROM lessons l JOIN lesson_groups lg ON lg.lesson_id = l.id
     JOIN group_members m ON m.group_id = lg.group_id AND m.start_date <= substr(l.starts_at, 1, 10)
     AND (m.end_date IS NULL OR m.end_date >= substr(l.starts_at, 1, 10))
     WHERE l.institution_id = $NORD AND l.starts_at < '$(date +%F)' GROUP BY l.id ORDER BY l.id LIMIT 60" >"$T/lessons"
[ "$(wc -l <"$T/lessons")" -ge 40 ] || fail "too few lessons"
register() { # LINE-FROM LINE-TO TAG: registers those lessons, everyone lawfully absent with TAG
    sed -n "$1,$2p" "$T/lessons" | while IFS='|' read -r lesson pupils; do
        body=$(printf '%s' "$pupils" | tr ',' '\n' | awk -v tag="$3" 'BEGIN{printf "{\"registrations\":["}
            {printf "%s{\"person\":%s,\"present\":false,\"lawful\":true,\"reason\":\"%s\"}", (NR>1?",":""), $1, tag} END{printf "]}"}')
        req staff POST "/api/v1/lessons/$lesson/attendance" "$body"
        [ "$STATUS" = 200 ] || fail "register $lesson: $STATUS $BODY"
    done
}
register 1 20 before
BEFORE=$(sql "SELECT count(*) FROM attendance WHERE reason = 'before'")
[ "$BEFORE" -gt 20 ] || fail "registrations before the backup: $BEFORE"
# writes go on while the copies are taken
register 21 60 during &
WRITER=$!
sqlite3 "$T/db.sqlite" ".backup '$T/backup.sqlite'" || fail ".backup of the running server's store"
sqlite3 "$T/db.sqlite" "VACUUM INTO '$T/vacuum.sqlite'" || fail "VACUUM INTO of the running server's store"
wait $WRITER || fail "the writes during the backup failed"
[ "$(sql "SELECT count(*) FROM attendance WHERE reason = 'during'")" -gt 0 ] || fail "no writes during the backup"
stop_server

for copy in backup vacuum; do
    f="$T/$copy.sqlite"
    [ "$(sqlite3 "$f" 'PRAGMA integrity_check')" = ok ] || fail "$copy: integrity_check"
    [ "$(sqlite3 "$f" "SELECT count(*) FROM attendance WHERE reason = 'before'")" = "$BEFORE" ] ||
        fail "$copy: lacks registrations acknowledged before the copy"
    # a lesson is wholly in the copy or wholly not: no half-registered lesson
    sqlite3 "$f" "SELECT lesson_id, count(*) FROM attendance WHERE reason = 'during' GROUP BY lesson_id" |
        while IFS='|' read -r lesson n; do
            want=$(awk -F'|' -v l="$lesson" '$1 == l {print $2}' "$T/lessons" | tr ',' '\n' | wc -l)
            [ "$n" = "$want" ] || fail "$copy: lesson $lesson half-registered ($n of $want)"
        done
    # restore: a new server on the copy (sessions of the old one are not valid there... they are
    # copied too, but a restored server is logged into afresh)
    mkdir -p "$T/restore-$copy"
    cp "$f" "$T/restore-$copy/ungdb.sqlite"
    rm -f "$T/staff.jar" "$T/admin.jar"
    start_server --db "$T/restore-$copy/ungdb.sqlite" --quiet
    login staff
    login admin
    L=$(sed -n 1p "$T/lessons" | cut -d'|' -f1)
    WHAT="$copy: a lesson" req staff GET "/api/v1/lessons/$L"; expect 200
    [ "$(printf '%s' "$BODY" | jq '[.pupils[] | select(.reason == "before")] | length')" -gt 0 ] ||
        fail "$copy: the restored server lacks the registrations: $BODY"
    WHAT="$copy: findings" req staff GET "/api/v1/persons/$FGUP/findings?family=ubd"; expect 200 '"rule":"ubd.scope"'
    WHAT="$copy: criteria" req staff GET "/api/v1/institutions/$NORD/criteria"; expect 200 '"version":"demo"'
    WHAT="$copy: audit" req admin GET "/api/v1/audit?limit=1000"; expect 200 '"action":"attendance.register"'
    WHAT="$copy: healthz" req staff GET /healthz; expect 200 '"schema_version"'
    # and it takes writes
    WHAT="$copy: a write" register 1 1 restored
    stop_server
done
echo "ok server_backup ($BEFORE registrations before the copies, both copies restored)"
