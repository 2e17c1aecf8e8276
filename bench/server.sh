#!/bin/sh
# The server section of `make bench`: a demo server, and the load client
# (bench/load.c, a second process) registering whole lessons' attendance from
# CONNECTIONS keep-alive connections for SECONDS on loopback. Prints
# throughput, latency percentiles, the server's RSS at start and end, and the
# group-commit batch sizes from /metrics.
#   bench/server.sh [SECONDS] [CONNECTIONS]   (env BENCH_SERVER_SECONDS too)
# BENCH_DEMO_PUPILS=250 makes the demo's classes whole classes of 25 pupils
# (default 60 pupils an institution: about 6 a class). The server's RSS is
# sampled every RSS_EVERY seconds (default 60) while the load runs, for the
# memory-flatness run (make bench-server-memory: 10 minutes).
set -eu
cd "$(dirname "$0")/.."
SECONDS_=${1:-${BENCH_SERVER_SECONDS:-30}}
CONN=${2:-64}
UNGDB=${UNGDB:-build/ungdb}
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -o "$T/load" bench/load.c -lpthread

DEMO_PUPILS=${BENCH_DEMO_PUPILS:-60}
RSS_EVERY=${RSS_EVERY:-60}
"$UNGDB" serve --demo --demo-pupils "$DEMO_PUPILS" --db "$T/db.sqlite" --listen 127.0.0.1:0 --port-file "$T/port" --quiet \
    >"$T/out" 2>"$T/err" &
PID=$!
while [ ! -s "$T/port" ]; do kill -0 $PID || { cat "$T/err"; exit 1; }; sleep 0.1; done
PORT=$(cat "$T/port")
curl -s -c "$T/jar" -H 'Content-Type: application/json' \
    -d '{"username":"staff","password":"staff-demo-pw"}' "http://127.0.0.1:$PORT/api/v1/login" >"$T/login"
CSRF=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$T/login")
SESSION=$(awk '$6 == "ungdb_session" {print $7}' "$T/jar")
# the lessons of the staff user's institutions up to today, with their pupils
TODAY=$(date +%F)
sqlite3 -readonly "$T/db.sqlite" "SELECT l.id, group_concat(DISTINCT m.person_id) FROM lessons l
  JOIN lesson_groups lg ON lg.lesson_id = l.id JOIN group_members m ON m.group_id = lg.group_id
  AND m.start_date <= substr(l.starts_at, 1, 10) AND (m.end_date IS NULL OR m.end_date >= substr(l.starts_at, 1, 10))
  WHERE l.institution_id IN (SELECT institution_id FROM user_institutions ui JOIN users u ON u.id = ui.user_id WHERE u.username = 'staff')
  AND l.starts_at < '$TODAY' GROUP BY l.id" >"$T/lessons"
PUPILS=$(awk -F'|' '{n += split($2, a, ",")} END {printf "%.1f", n / NR}' "$T/lessons")
rss() { awk '/^VmRSS/ {print $2 " kB"}' /proc/$PID/status; }
# the server's CPU time so far (user + system, clock ticks; /proc/PID/stat
# fields 14 and 15, counted after the parenthesised command name)
cpu() { sed 's/.*) //' /proc/$PID/stat | awk '{print $12 + $13}'; }
RSS0=$(rss)
CPU0=$(cpu)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "server bench: $(wc -l <"$T/lessons") lessons, $PUPILS pupils per registration on average, $CONN connections, $SECONDS_ s, $(nproc) cores"
# RSS samples while the load runs
( while kill -0 $PID 2>/dev/null; do sleep "$RSS_EVERY"; echo "$(date +%s) $(rss)"; done ) >"$T/rss" 2>/dev/null &
SAMPLER=$!
T0=$(date +%s)
# BENCH_PERF=FILE: record the server's call graphs with perf during the load
PERFPID=""
if [ -n "${BENCH_PERF:-}" ]; then
    perf record ${BENCH_PERF_OPTS:--g} -o "$BENCH_PERF" -p $PID -- sleep "$SECONDS_" >/dev/null 2>&1 &
    PERFPID=$!
fi
"$T/load" "$PORT" "$SESSION" "$CSRF" "$T/lessons" "$CONN" "$SECONDS_" | tee "$T/result"
CPU1=$(cpu)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
RSS1=$(rss)
[ -n "$PERFPID" ] && wait $PERFPID
kill $SAMPLER 2>/dev/null || true
if [ -s "$T/rss" ]; then
    echo "server RSS every ${RSS_EVERY} s during the load: $(awk -v t0="$T0" '{printf "%s+%ds %s kB; ", "", $1 - t0, $2}' "$T/rss")"
fi
curl -s "http://127.0.0.1:$PORT/metrics" >"$T/metrics"
BATCHES=$(awk '/^ungdb_commit_batch_size_count/ {c=$2} /^ungdb_commit_batch_size_sum/ {s=$2} END {printf "%d commits, %.1f writes per commit", c, s / c}' "$T/metrics")
echo "server RSS at start $RSS0, at end $RSS1; $BATCHES"
REQS=$(awk '{print $2}' "$T/result")
echo "server CPU $(awk -v c="$((CPU1 - CPU0))" -v t="$(getconf CLK_TCK)" -v n="$REQS" \
    'BEGIN {printf "%.1f s, %.3f CPU-s per 1000 requests", c / t, n ? 1000 * c / t / n : 0}'); load average before $LOAD0, after $LOAD1"
echo "store: $(du -h "$T/db.sqlite" | cut -f1) + WAL $(du -h "$T/db.sqlite-wal" 2>/dev/null | cut -f1)"
