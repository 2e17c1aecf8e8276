#!/bin/sh
# Accuracy of `ungdb classify` on a labelled set (CODE<TAB>TITLE a line, #
# comments): overall, per code, and every title it gets wrong.
#   tests/classify/accuracy.sh UNGDB [LABELLED] [--min PERCENT]
# With --min, exits 1 when the overall accuracy is below PERCENT.
set -eu
UNGDB=$1
shift
LABELLED=$(dirname "$0")/labelled.tsv
MIN=""
while [ $# -gt 0 ]; do
    case $1 in
    --min) MIN=$2; shift 2 ;;
    *) LABELLED=$1; shift ;;
    esac
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
grep -v '^#' "$LABELLED" | grep -v '^$' >"$TMP/set"
cut -f2- "$TMP/set" | "$UNGDB" classify --explain >"$TMP/got"
paste "$TMP/set" "$TMP/got" | awk -F'\t' -v min="$MIN" '
{
    want = $1; title = $2; got = $3; why = $5
    n++; per[want]++
    if (got == want) { ok++; okper[want]++ }
    else { bad[++nb] = sprintf("  %-20s got %-20s %s    [%s]", want, got, title, why) }
}
END {
    printf "classifier accuracy: %d of %d titles right, %.1f %%\n", ok, n, 100 * ok / n
    printf "per code (right / labelled):\n"
    m = 0
    for (c in per) keys[++m] = c
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (keys[j] < keys[i]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
    for (i = 1; i <= m; i++) printf "  %-20s %3d / %3d  %5.1f %%\n", keys[i], okper[keys[i]], per[keys[i]], 100 * okper[keys[i]] / per[keys[i]]
    printf "misclassified (%d): labelled, got, title, why\n", nb
    for (i = 1; i <= nb; i++) print bad[i]
    if (min != "" && 100 * ok / n < min) { printf "accuracy below %s %%\n", min; exit 1 }
}'
