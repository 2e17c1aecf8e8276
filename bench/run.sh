#!/usr/bin/env bash
# Benchmark of `ungdb register build` / `update` / `hours` against DuckDB doing
# the same work from the same CSV files. See docs/bench.md.
#
#   bench/run.sh SIZE        SIZE: small (3x60x5, a smoke test), medium (100x300x20),
#                            national (1300x540x52): institutions x pupils x weeks
#
# Environment: UNGDB (default build/ungdb), BENCH_TMP (scratch parent, default
# /tmp), BENCH_KEEP=1 (keep the scratch directory), BENCH_PREREAD=0 (skip reading
# the input once before timing), BENCH_STRICT=1 (exit 3 when a target is missed),
# BENCH_THREADS (DuckDB threads, default: the number of cores).
set -euo pipefail

SIZE=${1:-}
case "$SIZE" in
small)    K=3    P=60  W=5 ;;
medium)   K=100  P=300 W=20 ;;
national) K=1300 P=540 W=52 ;;
*)
    echo "usage: bench/run.sh small|medium|national" >&2
    exit 2
    ;;
esac

cd "$(dirname "$0")/.."
ROOT=$PWD
UNGDB=${UNGDB:-build/ungdb}
DATA=bench/data/$SIZE
CORES=$(nproc)
THREADS=${BENCH_THREADS:-$CORES}

fail() {
    echo "bench: FAILED: $*" >&2
    exit 1
}
step() { echo "bench: $*" >&2; }

[ -x "$UNGDB" ] || fail "$UNGDB not found or not executable (run make build)"
command -v cc >/dev/null || fail "no C compiler (cc)"
command -v node >/dev/null || fail "node not found (scripts/install-deps.sh installs it)"
command -v npm >/dev/null || fail "npm not found"

TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ungdb-bench.XXXXXX") || fail "mktemp"
cleanup() { if [ "${BENCH_KEEP:-0}" = 1 ]; then step "scratch kept in $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# --- the measuring wrapper -------------------------------------------------
RU=$TMP/rusage
cc -O2 -std=c11 -Wall -Wextra -o "$RU" bench/rusage.c || fail "cannot compile bench/rusage.c"

# measure NAME CMD...: runs CMD under rusage, output in $TMP/NAME.log; sets
# WALL, RSS_KIB. On failure prints the log's tail and exits non-zero.
measure() {
    local name=$1
    shift
    step "running $name: $*"
    if ! "$RU" "$TMP/$name.ru" "$@" >"$TMP/$name.log" 2>&1; then
        echo "bench: step '$name' failed: $*" >&2
        [ -s "$TMP/$name.ru" ] && echo "bench: (wall s, peak KiB, exit status) = $(cat "$TMP/$name.ru")" >&2
        tail -n 30 "$TMP/$name.log" >&2
        exit 1
    fi
    read -r WALL RSS_KIB _ <"$TMP/$name.ru"
}

# --- input: generate once, cache under bench/data/SIZE ---------------------
PARAMS="gen --institutions $K --pupils-per-institution $P --weeks $W --seed 42"
if [ ! -f "$DATA/.params" ] || [ "$(cat "$DATA/.params")" != "$PARAMS" ]; then
    step "generating $DATA ($PARAMS)"
    rm -rf "$DATA" "$DATA.tmp"
    mkdir -p bench/data
    measure gen "$UNGDB" gen --out "$DATA.tmp" --institutions "$K" --pupils-per-institution "$P" \
        --weeks "$W" --seed 42 --quiet
    step "generated in $WALL s"
    mv "$DATA.tmp" "$DATA"
    echo "$PARAMS" >"$DATA/.params" # last, so that an interrupted run regenerates
fi

# Deliveries in order of their extracted dates (the spec's order).
mapfile -t DELIVS < <(
    for d in "$DATA"/*/; do
        d=${d%/}
        e=$(grep -o '"extracted"[[:space:]]*:[[:space:]]*"[0-9-]*"' "$d/manifest.json" | grep -o '[0-9-]\{10\}') ||
            { echo "bench: no extracted date in $d/manifest.json" >&2; exit 1; }
        echo "$e ${d##*/}"
    done | sort | awk '{print $2}'
)
NDELIV=${#DELIVS[@]}
NDIRS=$(find "$DATA" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)
[ "$NDELIV" -eq "$NDIRS" ] || fail "cannot read the extracted date of every delivery in $DATA"
[ "$NDELIV" -ge 2 ] || fail "need at least two deliveries in $DATA, found $NDELIV"
LAST=${DELIVS[NDELIV - 1]}

# Input statistics, cached: bytes of all files, bytes of CSV files, data rows
# (physical lines minus headers; the generator writes no quoted line breaks).
stats() { # DIR... -> "bytes csv_bytes rows files"
    find "$@" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.json' \) -printf '%s %f\n' |
        awk '{b += $1; if ($2 ~ /\.csv$/) c += $1; n++} END {printf "%d %d", b, c}'
    find "$@" -maxdepth 1 -type f -name '*.csv' -print0 | xargs -0 cat | wc -l |
        awk -v f="$(find "$@" -maxdepth 1 -type f -name '*.csv' | wc -l)" '{printf " %d %d\n", $1 - f, f}'
}
if [ ! -f "$DATA/.stats" ] || [ "$DATA/.stats" -ot "$DATA/.params" ]; then
    step "counting input rows"
    {
        echo "all $(stats "${DELIVS[@]/#/$DATA/}")"
        echo "last $(stats "$DATA/$LAST")"
    } >"$DATA/.stats.tmp" || fail "cannot count input"
    mv "$DATA/.stats.tmp" "$DATA/.stats"
fi
read -r _ IN_BYTES CSV_BYTES IN_ROWS IN_FILES < <(grep '^all ' "$DATA/.stats")
read -r _ LAST_BYTES _ LAST_ROWS _ < <(grep '^last ' "$DATA/.stats")

# --- DuckDB ------------------------------------------------------------------
if [ ! -d bench/node_modules/@duckdb/node-api ]; then
    step "installing DuckDB (npm ci --prefix bench)"
    npm ci --prefix bench --no-audit --no-fund >"$TMP/npm.log" 2>&1 || { tail -n 30 "$TMP/npm.log" >&2; fail "npm ci"; }
fi
DUCK_VERSION=$(node -e 'console.log(require("./bench/node_modules/@duckdb/node-api/package.json").version)') ||
    fail "cannot read the DuckDB package version"

# --- warm the page cache so that neither engine pays the cold reads alone ----
if [ "${BENCH_PREREAD:-1}" = 1 ]; then
    step "reading the input once ($((IN_BYTES / 1000000)) MB)"
    find "${DELIVS[@]/#/$DATA/}" -maxdepth 1 -type f -print0 | xargs -0 cat >/dev/null || fail "cannot read the input"
fi

# --- the runs ----------------------------------------------------------------
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
measure ours "$UNGDB" register build "$DATA" --out "$TMP/ours" --quiet
OURS_WALL=$WALL OURS_RSS=$RSS_KIB

measure duckdb node bench/duckdb_build.mjs "$DATA" "$TMP/duckdb" --threads "$THREADS"
DUCK_WALL=$WALL DUCK_RSS=$RSS_KIB

# hours against the norm (spec § 9) on our register's output, then DuckDB's
# same join on the same tables and school year.
HT="$TMP/ours/elev.csv $TMP/ours/elev_gruppe.csv $TMP/ours/gruppe_lektion.csv $TMP/ours/lektion.csv"
# shellcheck disable=SC2086
H_BYTES=$(cat $HT | wc -c)
# shellcheck disable=SC2086
H_ROWS=$(($(cat $HT | wc -l) - 4))
measure hours "$UNGDB" register hours "$TMP/ours" --csv "$TMP/hours.csv" --svg "$TMP/hours.svg"
HOURS_WALL=$WALL HOURS_RSS=$RSS_KIB
H_YEAR=$(sed -n 's/^hours against the norm, school year \([0-9]\{4\}\)\/.*/\1/p' "$TMP/hours.log")
H_PL=$(sed -n 's/.*; \([0-9]*\) pupil-lessons.*/\1/p' "$TMP/hours.log")
[ -n "$H_YEAR" ] && [ -n "$H_PL" ] || fail "cannot read the school year and pupil-lessons from $TMP/hours.log"
measure duck_hours node bench/duckdb_hours.mjs "$TMP/ours" "$TMP/duck_hours.csv" --school-year "$H_YEAR" \
    --threads "$THREADS"
DHOURS_WALL=$WALL DHOURS_RSS=$RSS_KIB

# update: build with --state over all but the last delivery (symlinks), then update.
mkdir "$TMP/first"
for d in "${DELIVS[@]:0:NDELIV-1}"; do ln -s "$ROOT/$DATA/$d" "$TMP/first/$d"; done
measure state "$UNGDB" register build "$TMP/first" --out "$TMP/updated" --state "$TMP/state" --quiet
STATE_WALL=$WALL STATE_RSS=$RSS_KIB
measure update "$UNGDB" register update "$TMP/state" "$DATA/$LAST" --quiet
UPD_WALL=$WALL UPD_RSS=$RSS_KIB

# The CSV reader alone: bench/csv_bench.c (FILE [ROUNDS]; prints "best: N MB/s,
# R M records/s (B bytes, ...") on the largest CSV file of the last delivery.
CSVB=""
if [ -f bench/csv_bench.c ]; then
    LIB=$(dirname "$UNGDB")/libungdb_engine.a
    [ -f "$LIB" ] || fail "$LIB missing (run make build)"
    cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -o "$TMP/csv_bench" bench/csv_bench.c "$LIB" \
        -lsqlite3 -lsodium -ljansson -lm >"$TMP/csv_bench.cc.log" 2>&1 ||
        { cat "$TMP/csv_bench.cc.log" >&2; fail "cannot compile bench/csv_bench.c against $LIB"; }
    CSV_FILE=$(ls -S "$DATA/$LAST"/*.csv | head -n 1)
    measure csv_bench "$TMP/csv_bench" "$CSV_FILE" 3
    # best round -> wall s, bytes, records
    CSVB=$(awk '/^best:/ { mbs = $2; b = $7; n = $9; gsub(/[(,]/, "", b); gsub(/[(,]/, "", n)
                           if (mbs > 0) printf "%.6f %d %d", b / mbs / 1e6, b, n }' "$TMP/csv_bench.log")
    [ -n "$CSVB" ] || { cat "$TMP/csv_bench.log" >&2; fail "no 'best:' line from csv_bench"; }
    CSVB="$CSVB $RSS_KIB"
fi

# --- the table ---------------------------------------------------------------
row() { # label wall rss_kib bytes rows ratio
    awk -v l="$1" -v w="$2" -v r="$3" -v b="$4" -v n="$5" -v x="$6" 'BEGIN {
        if (w < 1e-6) w = 1e-6
        printf "%-40s %9.3f %9.0f %9.1f %9.1f %12.0f %9s\n", l, w, r / 1024, b / 1e6, b / 1e6 / w, n / w, x }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 0.001) b = 0.001; printf "%.2fx", a / b }'; }

echo
echo "ungdb benchmark: $SIZE ($K institutions x $P pupils x $W weekly deliveries, seed 42)"
echo
printf "%-40s %9s %9s %9s %9s %12s %9s\n" engine "wall s" "RSS MiB" "input MB" "MB/s" "rows/s" "DuckDB/us"
printf "%-40s %9s %9s %9s %9s %12s %9s\n" "----------------------------------------" \
    "---------" "---------" "---------" "---------" "------------" "---------"
row "ungdb register build" "$OURS_WALL" "$OURS_RSS" "$IN_BYTES" "$IN_ROWS" "1.00x"
row "DuckDB $DUCK_VERSION (node, SQL)" "$DUCK_WALL" "$DUCK_RSS" "$IN_BYTES" "$IN_ROWS" "$(ratio "$DUCK_WALL" "$OURS_WALL")"
row "ungdb build --state ($((NDELIV - 1)) deliveries)" "$STATE_WALL" "$STATE_RSS" \
    "$((IN_BYTES - LAST_BYTES))" "$((IN_ROWS - LAST_ROWS))" ""
row "ungdb register update (1 delivery)" "$UPD_WALL" "$UPD_RSS" "$LAST_BYTES" "$LAST_ROWS" ""
row "ungdb register hours" "$HOURS_WALL" "$HOURS_RSS" "$H_BYTES" "$H_ROWS" "1.00x"
row "DuckDB $DUCK_VERSION hours (node, SQL)" "$DHOURS_WALL" "$DHOURS_RSS" "$H_BYTES" "$H_ROWS" \
    "$(ratio "$DHOURS_WALL" "$HOURS_WALL")"
if [ -n "$CSVB" ]; then
    read -r w b n r <<<"$CSVB"
    row "ungdb CSV reader alone (csv_bench)" "$w" "$r" "$b" "$n" ""
fi
echo
echo "DuckDB/ours: wall $(ratio "$DUCK_WALL" "$OURS_WALL"), peak RSS $(ratio "$DUCK_RSS" "$OURS_RSS")"
echo "hours: $H_PL pupil-lessons, $(awk -v n="$H_PL" -v w="$HOURS_WALL" 'BEGIN { if (w < 1e-6) w = 1e-6; printf "%.0f", n / w }') pupil-lessons/s;" \
    "DuckDB/ours: wall $(ratio "$DHOURS_WALL" "$HOURS_WALL"), peak RSS $(ratio "$DHOURS_RSS" "$HOURS_RSS")"

# Targets (set for national; shown for every size, judged only for national).
MISSED=0
target() { # description ok(0/1)
    local verdict
    if [ "$SIZE" != national ]; then verdict="(national target; informational here)"
    elif [ "$2" = 1 ]; then verdict=met
    else verdict=MISSED; MISSED=1; fi
    printf "  %-52s %s\n" "$1" "$verdict"
}
ok() { awk "BEGIN { exit !($1) }" && echo 1 || echo 0; }
echo "targets:"
target "build under 60 s wall: $OURS_WALL s" "$(ok "$OURS_WALL < 60")"
target "build under 8 GiB peak RSS: $((OURS_RSS / 1024)) MiB" "$(ok "$OURS_RSS < 8 * 1024 * 1024")"
target "build at least 3x faster than DuckDB: $(ratio "$DUCK_WALL" "$OURS_WALL")" "$(ok "$DUCK_WALL >= 3 * $OURS_WALL")"
target "update with one weekly delivery under 5 s: $UPD_WALL s" "$(ok "$UPD_WALL < 5")"
target "hours under 30 s wall: $HOURS_WALL s" "$(ok "$HOURS_WALL < 30")"
target "hours at least 3x faster than DuckDB: $(ratio "$DHOURS_WALL" "$HOURS_WALL")" \
    "$(ok "$DHOURS_WALL >= 3 * $HOURS_WALL")"

echo "output checks:"
if diff -r -q "$TMP/ours" "$TMP/updated" >"$TMP/upd.diff" 2>&1; then
    echo "  update output byte-identical to the full build: yes"
else
    echo "  update output byte-identical to the full build: NO"
    sed 's/^/    /' "$TMP/upd.diff"
    MISSED=1
fi
same="" differ=""
for f in "$TMP/ours"/*.csv; do
    b=${f##*/}
    if [ ! -f "$TMP/duckdb/$b" ]; then differ="$differ $b(not written by DuckDB)"
    elif cmp -s "$f" "$TMP/duckdb/$b"; then same="$same $b"
    else differ="$differ $b($(($(wc -l <"$f") - 1)) vs $(($(wc -l <"$TMP/duckdb/$b") - 1)) rows)"; fi
done
echo "  identical in ours and DuckDB's output:${same:- none}"
echo "  different (expected: lektion.csv by subject, validation.csv; rejects.csv if the input has errors):${differ:- none}"

# hours: the total rows of both, by institution and grade: pupils and
# fte_pupils exactly, hours a year and percent to one unit of the last digit
# (an exact tie like 87.25 prints 87.2 in C, half-even, and 87.3 in JS).
H_CMP=$(awk -F, '
    NR == FNR { if (FNR > 1 && $3 == "total") { k = $1 "," $2; op[k] = $4; of[k] = $5; oh[k] = $7; oc[k] = $9; n++ }; next }
    FNR > 1 {
        k = $1 "," $2; seen[k] = 1
        d = !(k in op) || op[k] != $3 || of[k] != $4 ||
            (oh[k] != "" && $5 != "" && (oh[k] - $5 > 0.101 || $5 - oh[k] > 0.101)) ||
            (oc[k] - $6 > 0.101 || $6 - oc[k] > 0.101)
        if (d) { bad++; if (bad <= 5) ex = ex " [" k ": ours " op[k] "/" of[k] "/" oh[k] "/" oc[k] " duckdb " $3 "/" $4 "/" $5 "/" $6 "]" }
    }
    END { for (k in op) if (!(k in seen)) { bad++; if (bad <= 5) ex = ex " [" k ": not in DuckDB]" }
          printf "%d %d%s", n, bad, ex }' "$TMP/hours.csv" "$TMP/duck_hours.csv")
read -r H_N H_BAD H_EX <<<"$H_CMP"
if [ "$H_BAD" = 0 ] && [ "$H_N" -gt 0 ]; then
    echo "  hours: ours and DuckDB agree on all $H_N institution and grade totals (pupils, fte, hours, percent): yes"
else
    echo "  hours: ours and DuckDB agree on all $H_N institution and grade totals: NO, $H_BAD differ:$H_EX"
    MISSED=1
fi

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# --- notes -------------------------------------------------------------------
CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
cat <<EOF

notes:
- date $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $CORES cores ($CPU), $MEM RAM, $OS, kernel $(uname -r);
  load average before the runs: $LOAD (the figures are only good on an otherwise idle machine);
  ungdb $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' (with uncommitted changes)').
- input: $DATA, $NDELIV deliveries, $IN_FILES CSV files + manifests, $(mb "$IN_BYTES") MB
  (1 MB = 10^6 bytes), $IN_ROWS data rows; last delivery $LAST: $(mb "$LAST_BYTES") MB, $LAST_ROWS rows.
  rows/s = data rows read / wall time; MB/s likewise. The input was $([ "${BENCH_PREREAD:-1}" = 1 ] &&
    echo "read once before timing (page cache warm as far as RAM allows)" || echo "not pre-read").
- wall time and peak RSS of each whole process (fork..wait4, ru_maxrss) by bench/rusage.c.
- ungdb register build: the full build of spec sections 1-6 and 8: per-row validation and rejects,
  validation.csv, history, schedule, integration, the subject of every distinct title (section 7,
  src/classify/); writes all tables.
- DuckDB $DUCK_VERSION (@duckdb/node-api, $THREADS threads, in-memory database, spills to the scratch dir):
  bench/duckdb_build.mjs, timed around the whole node process (startup included). Same CSV files,
  same roster spells, lesson replacement, relation checks, elev_gruppe merging and byte-order sorted
  output; it does NOT do per-row validation or rejects or per-delivery validation counts, so it
  does somewhat less work than ungdb (it maps titles to subjects with a small regex table).
- ungdb register hours: spec section 9 on ungdb's register output ($(mb "$H_BYTES") MB, $H_ROWS rows of
  elev, elev_gruppe, gruppe_lektion, lektion), school year $H_YEAR; rows/s = those rows / wall time.
  DuckDB: bench/duckdb_hours.mjs, the same join in SQL on the same tables (timed around the node
  process); it writes only the total rows, which are compared with ours.
- update: build --state over the first $((NDELIV - 1)) deliveries (symlinked into a scratch dir), then
  'ungdb register update STATE $DATA/$LAST' timed alone; its output is compared with the full build.
EOF
if [ -n "$CSVB" ]; then
    echo "- CSV reader alone: bench/csv_bench.c linked with $(dirname "$UNGDB")/libungdb_engine.a, best of 3 reads"
    echo "  of $CSV_FILE (the largest file of the last delivery; page cache warm); RSS of the whole process."
fi

# The subject classifier: accuracy on the labelled sets and titles per second.
bench/classify.sh "$UNGDB" || fail "bench/classify.sh"

# rules simulate against DuckDB: medium and national with `make bench`
# (medium), national alone with national, small with small;
# BENCH_SIMULATE="SIZES" overrides (e.g. "medium": skips the ~15 minutes of
# national).
SIM_SIZES=$SIZE
[ "$SIZE" = medium ] && SIM_SIZES="medium national"
# shellcheck disable=SC2086 # the sizes are words
bench/simulate.sh ${BENCH_SIMULATE:-$SIM_SIZES} || fail "bench/simulate.sh"

if [ "$MISSED" = 1 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then exit 3; fi
exit 0
