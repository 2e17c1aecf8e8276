#!/bin/sh
# Whole-program test of `ungdb calendar` and `ungdb cpr`: exact stdout and
# exit status of each case. $1 is the ungdb binary.
set -u
UNGDB=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
TAB=$(printf '\t')

# check NAME EXPECTED_STATUS EXPECTED_STDOUT -- ARGS...
check() {
    name=$1 want_status=$2 want_out=$3
    shift 4
    "$UNGDB" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
    printf '%s' "$want_out" >"$TMP/want"
    if [ "$status" != "$want_status" ] || ! cmp -s "$TMP/out" "$TMP/want"; then
        echo "FAIL $name: ungdb $*"
        echo "  status $status, expected $want_status"
        echo "  stdout:"; sed 's/^/    /' "$TMP/out"
        echo "  expected:"; sed 's/^/    /' "$TMP/want"
        echo "  stderr:"; sed 's/^/    /' "$TMP/err"
        fails=$((fails + 1))
    fi
}

# check_err NAME WORD ARGS...: exit 2, nothing on stdout, stderr names WORD.
check_err() {
    name=$1 word=$2
    shift 2
    "$UNGDB" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
    if [ "$status" != 2 ] || [ -s "$TMP/out" ] || ! grep -q -- "$word" "$TMP/err"; then
        echo "FAIL $name: ungdb $* (status $status, stderr: $(cat "$TMP/err"))"
        fails=$((fails + 1))
    fi
}

C="${TAB}administrative closing day"
check holidays-2023 0 "2023-01-01${TAB}Nytårsdag
2023-04-06${TAB}Skærtorsdag
2023-04-07${TAB}Langfredag
2023-04-09${TAB}Påskedag
2023-04-10${TAB}2. påskedag
2023-05-05${TAB}Store Bededag
2023-05-18${TAB}Kristi himmelfartsdag
2023-05-28${TAB}Pinsedag
2023-05-29${TAB}2. pinsedag
2023-06-05${TAB}Grundlovsdag$C
2023-12-24${TAB}Juleaften$C
2023-12-25${TAB}Juledag
2023-12-26${TAB}2. juledag
2023-12-31${TAB}Nytårsaftensdag$C
" -- calendar holidays 2023

check holidays-2024-public-only 0 "2024-01-01${TAB}Nytårsdag
2024-03-28${TAB}Skærtorsdag
2024-03-29${TAB}Langfredag
2024-03-31${TAB}Påskedag
2024-04-01${TAB}2. påskedag
2024-05-09${TAB}Kristi himmelfartsdag
2024-05-19${TAB}Pinsedag
2024-05-20${TAB}2. pinsedag
2024-12-25${TAB}Juledag
2024-12-26${TAB}2. juledag
" -- calendar holidays --public-only 2024

check workdays-across-easter-2025 0 "2025-04-22
" -- calendar add-workdays 2025-04-16 1
check workdays-back-across-easter-2025 0 "2025-04-16
" -- calendar add-workdays 2025-04-22 -1
check workdays-across-christmas 0 "2024-12-30
" -- calendar add-workdays 2024-12-23 2
check workdays-over-grundlovsdag 0 "2024-06-06
" -- calendar add-workdays 2024-06-04 1
check workdays-from-saturday 0 "2025-01-06
" -- calendar add-workdays 2025-01-04 1
check workdays-from-saturday-back 0 "2025-01-03
" -- calendar add-workdays 2025-01-04 -1
check workdays-zero-on-saturday 0 "2025-01-04
" -- calendar add-workdays 2025-01-04 0
check days-across-leap-day 0 "2024-03-01
" -- calendar add-days 2024-02-28 2
check days-1900-not-leap 0 "1900-03-01
" -- calendar add-days 1900-02-28 1
check days-negative 0 "2024-02-29
" -- calendar add-days 2024-03-01 -1

check_err holidays-year-range YEAR calendar holidays 1899
check_err holidays-year-junk YEAR calendar holidays 20x4
check_err workdays-bad-date DATE calendar add-workdays 2023-02-29 1
check_err workdays-bad-n N calendar add-workdays 2024-01-01 1.5
check_err workdays-out-of-rules N calendar add-workdays 2024-01-01 100000
check_err days-out-of-range N calendar add-days 9999-12-31 1
check_err calendar-no-args usage calendar
check_err calendar-unknown bogus calendar bogus

check cpr-all-valid 0 "0101364000 valid 2036-01-01 female
010158-5001 valid 1858-01-01 male
" -- cpr 0101364000 010158-5001
check cpr-mixed 1 "310299-1234 invalid date
0101001234 valid 1900-01-01 female
12345 invalid format
 invalid empty
010203-1235 valid 1903-02-01 male
" -- cpr 310299-1234 0101001234 12345 "" 010203-1235
check_err cpr-no-args usage cpr

if [ "$fails" -ne 0 ]; then
    echo "$fails case(s) failed"
    exit 1
fi
echo "all calendar/cpr cases passed"
