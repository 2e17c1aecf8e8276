#!/usr/bin/env bash
# Benchmark of `ungdb rules simulate` against DuckDB computing the same weekly
# counts from the same CSV files (bench/duckdb_simulate.mjs). See docs/bench.md.
#
#   bench/simulate.sh SIZE...    SIZE: small (3,000 pupils), medium (30,000),
#                                national (300,000); each a school year of daily
#                                attendance (2025-08-11..2026-06-26)
#
# Environment: UNGDB (default build/ungdb), BENCH_TMP (scratch parent, default
# /tmp), BENCH_KEEP=1, BENCH_THREADS (DuckDB threads, default: the cores).
# Exit 1 when a step fails or the two engines disagree; 2 on wrong usage.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: bench/simulate.sh small|medium|national..." >&2; exit 2; }
cd "$(dirname "$0")/.."
UNGDB=${UNGDB:-build/ungdb}
CRIT=data/criteria/example.conf
FROM=2025-08-11
TO=2026-06-26
CORES=$(nproc)
THREADS=${BENCH_THREADS:-$CORES}

fail() { echo "bench: FAILED: $*" >&2; exit 1; }
step() { echo "bench: $*" >&2; }

[ -x "$UNGDB" ] || fail "$UNGDB not found (run make build)"
command -v node >/dev/null || fail "node not found (scripts/install-deps.sh --bench installs it)"
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ungdb-simbench.XXXXXX") || fail "mktemp"
cleanup() { if [ "${BENCH_KEEP:-0}" = 1 ]; then step "scratch kept in $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
RU=$TMP/rusage
cc -O2 -std=c11 -Wall -Wextra -o "$RU" bench/rusage.c || fail "cannot compile bench/rusage.c"
if [ ! -d bench/node_modules/@duckdb/node-api ]; then
    step "installing DuckDB (npm ci --prefix bench)"
    npm ci --prefix bench --no-audit --no-fund >"$TMP/npm.log" 2>&1 || { tail -n 30 "$TMP/npm.log" >&2; fail "npm ci"; }
fi
DUCK_VERSION=$(node -e 'console.log(require("./bench/node_modules/@duckdb/node-api/package.json").version)')

measure() { # NAME CMD...: sets WALL RSS_KIB CPU
    local name=$1
    shift
    step "running $name: $*"
    if ! "$RU" "$TMP/$name.ru" "$@" >"$TMP/$name.log" 2>&1; then
        echo "bench: step '$name' failed: $*" >&2
        tail -n 30 "$TMP/$name.log" >&2
        exit 1
    fi
    read -r WALL RSS_KIB _ CPU <"$TMP/$name.ru"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
mib() { echo $(($1 / 1024)); }
per_s() { # N SECONDS -> N/SECONDS with thousands separators
    awk -v n="$1" -v s="$2" 'BEGIN { x = sprintf("%d", (s > 0 ? n / s : 0));
        while (x ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", x); print x }'
}

for SIZE in "$@"; do
    case "$SIZE" in
    small) N=3000 ;;
    medium) N=30000 ;;
    national) N=300000 ;;
    *) echo "usage: bench/simulate.sh small|medium|national..." >&2; exit 2 ;;
    esac
    DATA=bench/data/simulate-$SIZE
    PARAMS="gen attendance --pupils $N --from $FROM --to $TO --seed 42"
    if [ ! -f "$DATA/.params" ] || [ "$(cat "$DATA/.params")" != "$PARAMS" ]; then
        step "generating $DATA ($PARAMS)"
        rm -rf "$DATA" "$DATA.tmp"
        mkdir -p bench/data
        measure gen "$UNGDB" gen attendance --out "$DATA.tmp" --pupils "$N" --from "$FROM" --to "$TO" \
            --seed 42 --quiet
        step "generated in $WALL s"
        mv "$DATA.tmp" "$DATA"
        echo "$PARAMS" >"$DATA/.params"
    fi
    BYTES=$(cat "$DATA"/*.csv | wc -c)
    ROWS=$(($(cat "$DATA"/*.csv | wc -l) - 3))
    ATT_ROWS=$(($(wc -l <"$DATA/attendance.csv") - 1))
    step "reading the input once ($((BYTES / 1000000)) MB)"
    cat "$DATA"/*.csv >/dev/null
    LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

    measure ours "$UNGDB" rules simulate "$CRIT" "$DATA" --from "$FROM" --to "$TO" --csv "$TMP/ours.csv"
    OW=$WALL OR=$RSS_KIB OC=$CPU
    measure ours1 "$UNGDB" rules simulate "$CRIT" "$DATA" --from "$FROM" --to "$TO" --threads 1 \
        --csv "$TMP/ours1.csv"
    O1W=$WALL O1R=$RSS_KIB O1C=$CPU
    measure duck node bench/duckdb_simulate.mjs "$CRIT" "$DATA" "$TMP/duck.csv" --from "$FROM" --to "$TO" \
        --threads "$THREADS"
    DW=$WALL DR=$RSS_KIB DC=$CPU

    echo
    echo "rules simulate, $SIZE: $N pupils, school year $FROM..$TO, criteria $CRIT"
    echo "input: $DATA, $ATT_ROWS attendance rows, $ROWS rows in all, $((BYTES / 1000000)) MB"
    echo
    printf "| %-34s | %7s | %7s | %8s | %12s | %9s |\n" engine "wall s" "CPU s" "RSS MiB" "rows/s" "DuckDB/us"
    printf "|%s|%s|%s|%s|%s|%s|\n" "------------------------------------" "--------:" "--------:" "---------:" \
        "-------------:" "----------:"
    printf "| %-34s | %7.2f | %7.2f | %8s | %12s | %9s |\n" "ungdb rules simulate ($CORES threads)" "$OW" "$OC" \
        "$(mib "$OR")" "$(per_s "$ROWS" "$OW")" "$(ratio "$DW" "$OW")"
    printf "| %-34s | %7.2f | %7.2f | %8s | %12s | %9s |\n" "ungdb rules simulate (1 thread)" "$O1W" "$O1C" \
        "$(mib "$O1R")" "$(per_s "$ROWS" "$O1W")" "$(ratio "$DW" "$O1W")"
    printf "| %-34s | %7.2f | %7.2f | %8s | %12s | %9s |\n" "DuckDB $DUCK_VERSION (node, SQL)" "$DW" "$DC" \
        "$(mib "$DR")" "$(per_s "$ROWS" "$DW")" "1.00x"
    echo
    echo "CPU s = user + system time of the process; on a loaded machine compare CPU s, not wall s."
    echo
    if cmp -s "$TMP/ours.csv" "$TMP/duck.csv" && cmp -s "$TMP/ours.csv" "$TMP/ours1.csv"; then
        echo "weekly counts: ours (both thread counts) and DuckDB agree on all $(($(wc -l <"$TMP/ours.csv") - 1)) weeks: yes"
    else
        echo "weekly counts: ours and DuckDB agree: NO"
        diff "$TMP/ours.csv" "$TMP/duck.csv" | head -n 20
        fail "the engines disagree on $SIZE"
    fi
    echo "notes: load average before the runs $LOAD; $CORES cores; wall and peak RSS of the whole process"
    echo "  (bench/rusage.c); rows/s = data rows of the three files / wall; DuckDB timed around node"
    echo "  (startup included), $THREADS threads, in-memory database, memory_limit ${BENCH_DUCK_MEMORY:-8GB}."
done
