# Helpers for the server tests (sourced). Each test starts its own server on a
# free port (port 0, read back from --port-file) in its own temporary
# directory, and stops it (by its pid) on exit.
#   UNGDB=path/to/ungdb; T=$(mktemp -d); . lib/server.sh
SERVER_PID=""
fail() { echo "FAIL: $*"; exit 1; }
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$T"; }
trap cleanup EXIT

# start_server ARGS...: starts `ungdb serve --listen 127.0.0.1:0 ARGS` and
# waits until it answers /healthz; sets PORT and BASE.
start_server() {
    rm -f "$T/port"
    "$UNGDB" serve --listen 127.0.0.1:0 --port-file "$T/port" "$@" >>"$T/server.out" 2>>"$T/server.err" &
    SERVER_PID=$!
    i=0
    while [ ! -s "$T/port" ]; do
        i=$((i + 1))
        [ $i -gt 600 ] && fail "the server did not start: $(tail -5 "$T/server.err")"
        kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died: $(tail -5 "$T/server.err")"
        sleep 0.1
    done
    PORT=$(cat "$T/port")
    BASE="http://127.0.0.1:$PORT"
}

# req NAME METHOD PATH [BODY]: a request with cookie jar $T/NAME.jar and that
# session's CSRF token (if any); sets STATUS and BODY (the response).
req() {
    name=$1 method=$2 path=$3
    csrf=""
    [ -f "$T/$name.csrf" ] && csrf=$(cat "$T/$name.csrf")
    if [ $# -ge 4 ]; then
        printf '%s' "$4" >"$T/req.body"
        STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -X "$method" -b "$T/$name.jar" -c "$T/$name.jar" \
            -H "Content-Type: application/json" -H "X-CSRF-Token: $csrf" \
            --data-binary "@$T/req.body" "$BASE$path")
    else
        STATUS=$(curl -s -o "$T/resp" -w '%{http_code}' -X "$method" -b "$T/$name.jar" -c "$T/$name.jar" \
            -H "X-CSRF-Token: $csrf" "$BASE$path")
    fi
    BODY=$(cat "$T/resp")
}

# login USER: logs USER in with its demo password, keeps cookie and CSRF token.
login() {
    rm -f "$T/$1.jar" "$T/$1.csrf"
    req "$1" POST /api/v1/login "{\"username\":\"$1\",\"password\":\"$1-demo-pw\"}"
    [ "$STATUS" = 200 ] || fail "login $1: $STATUS $BODY"
    printf '%s' "$BODY" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' >"$T/$1.csrf"
    [ -s "$T/$1.csrf" ] || fail "login $1: no csrf_token in $BODY"
}

# expect STATUS [PATTERN]: the last response had that status and contains PATTERN.
expect() {
    [ "$STATUS" = "$1" ] || fail "${WHAT:-request}: status $STATUS, want $1: $BODY"
    [ -z "${2:-}" ] || printf '%s' "$BODY" | grep -q -- "$2" || fail "${WHAT:-request}: response lacks '$2': $BODY"
}

# json_field KEY: the first value of "KEY": in BODY (numbers and plain strings).
json_field() {
    printf '%s' "$BODY" | grep -o "\"$1\":[^,}]*" | head -1 | sed 's/^[^:]*://; s/"//g'
}

# sql QUERY: runs a read-only query on the store.
sql() { sqlite3 -readonly "$T/db.sqlite" "$1"; }
