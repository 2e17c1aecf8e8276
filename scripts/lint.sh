#!/bin/sh
# A small project linter (curl's checksrc): banned calls, and a README in
# every source folder.
set -eu
cd "$(dirname "$0")/.."
fail=0
if grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol)\s*\(' src/*/*.c src/*/*.h include/ungdb/*.h 2>/dev/null; then
    echo "lint: banned function above (use snprintf, memcpy with a length, strtol)"; fail=1
fi
for d in src/*/; do
    if [ ! -f "$d/README.md" ]; then echo "lint: $d has no README.md"; fail=1; fi
done
exit $fail
