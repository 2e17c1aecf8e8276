#!/bin/sh
# A small project linter (curl's checksrc): banned calls, a README in every
# source folder, and clang-format.
set -eu
cd "$(dirname "$0")/.."
fail=0
if grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol)\s*\(' src/*/*.c src/*/*.h include/ungdb/*.h 2>/dev/null; then
    echo "lint: banned function above (use snprintf, memcpy with a length, strtol)"; fail=1
fi
for d in src/*/; do
    if [ ! -f "$d/README.md" ]; then echo "lint: $d has no README.md"; fail=1; fi
done
# Formatting as .clang-format says.
if ! clang-format --dry-run --Werror include/ungdb/*.h src/*/*.c src/*/*.h tests/unit/*.c fuzz/*.c 2>/dev/null; then
    echo "lint: code is not formatted; run 'make format'"; fail=1
fi
exit $fail
