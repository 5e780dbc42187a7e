#!/bin/sh
# printlink-cloud as an operator runs it: add-user (password on stdin), add-printer (three
# lines), set-role, bad usage, then serve: the ready line, SIGTERM, and the data still there
# after a restart. Usage: cloud_cli_test.sh PATH-TO-PRINTLINK-CLOUD
set -u
CLOUD=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/printlink-cloud-cli-XXXXXX")
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
failures=0
count=0
DB="$W/cloud.db"

# TAP output: one line per check, the plan at the end.
pass() { count=$((count + 1)); echo "ok $count - $1"; }
fail() { count=$((count + 1)); echo "not ok $count - $1"; failures=$((failures + 1)); }
# expect CODE DESCRIPTION COMMAND...: runs the command (stdin from $W/in), checks its exit status.
expect() {
    code=$1; what=$2; shift 2
    "$@" <"$W/in" >"$W/out" 2>"$W/err"
    rc=$?
    if [ "$rc" -eq "$code" ]; then pass "$what"; else fail "$what (exit $rc, wanted $code)"; sed 's/^/# /' "$W/out" "$W/err"; fi
}
contains() {  # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3 ('$2' not in $1)"; return 1; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

printf 'correct horse\n' >"$W/in"
expect 0 "add-user reads the password from stdin" "$CLOUD" add-user --db "$DB" --name alice --role admin
expect 2 "add-user refuses a second alice" "$CLOUD" add-user --db "$DB" --name alice --role user
expect 2 "add-user refuses an unknown role" "$CLOUD" add-user --db "$DB" --name bob --role root
: >"$W/in"
expect 2 "add-user refuses an empty password" "$CLOUD" add-user --db "$DB" --name bob --role user
stored=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
    \"SELECT password_hash FROM users WHERE name = 'alice'\").fetchone()[0])" "$DB")
case "$stored" in
    pbkdf2-sha256\$600000\$*) pass "the password is stored as a PBKDF2 hash" ;;
    *) fail "stored password hash looks wrong" ;;
esac

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
expect 0 "add-printer" "$CLOUD" add-printer --db "$DB" --name "Office" --model PL-100 --public-url "$URL/"
lines=$(wc -l <"$W/out")
[ "$lines" -eq 3 ] && pass "add-printer prints three lines" || fail "add-printer printed $lines lines"
contains "$W/out" "printer-id=1" "printer-id line"
contains "$W/out" "printer-uri=$URL/ipp/print/1" "printer-uri line uses the public URL"
TOKEN=$(sed -n 's/^token=//p' "$W/out")
[ ${#TOKEN} -eq 64 ] && pass "token line" || fail "token is '${#TOKEN}' characters"
if python3 -c "import sqlite3,sys; sys.exit(0 if sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM printers WHERE token_sha256 = ?', (sys.argv[2],)).fetchone()[0] == 0 else 1)" "$DB" "$TOKEN"; then
    pass "the token itself is not stored"
else
    fail "the token is stored in clear"
fi
expect 2 "add-printer needs a model" "$CLOUD" add-printer --db "$DB" --name "Lab"
expect 0 "set-role" "$CLOUD" set-role --db "$DB" --name alice --role operator
expect 1 "set-role of nobody fails" "$CLOUD" set-role --db "$DB" --name nobody --role admin
expect 2 "unknown command" "$CLOUD" frobnicate
expect 2 "serve needs --db" "$CLOUD" serve
expect 2 "serve refuses a bad --listen" "$CLOUD" serve --db "$DB" --listen nonsense
expect 2 "serve refuses a bad --hold-seconds" "$CLOUD" serve --db "$DB" --hold-seconds 0

start_server() {
    # The previous run's output must not pass for this one's ready line: the new process
    # truncates the file only once it has started.
    rm -f "$W/serve.out"
    "$CLOUD" serve --db "$DB" --listen "127.0.0.1:$PORT" --public-url "$URL" --hold-seconds 5 \
        >"$W/serve.out" 2>"$W/serve.err" &
    SERVER=$!
    i=0
    while [ $i -lt 200 ] && ! grep -qsF "printlink-cloud: listening on $URL" "$W/serve.out"; do
        sleep 0.1; i=$((i + 1))
    done
    contains "$W/serve.out" "printlink-cloud: listening on $URL" "serve prints its ready line ($1)" ||
        sed 's/^/# /' "$W/serve.err"
}
stop_server() {
    kill -TERM "$SERVER"
    wait "$SERVER"
    rc=$?
    SERVER=
    [ "$rc" -eq 0 ] && pass "SIGTERM stops serve cleanly ($1)" || fail "serve exited $rc on SIGTERM ($1)"
}

start_server "first start"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ipp' --data-binary x "$URL/ipp/print/1")
[ "$status" = 401 ] && pass "IPP without a token is 401" || fail "IPP without a token answered $status"
stop_server "first start"
contains "$W/serve.err" "cloud: stopped" "serve logs that it stopped"

start_server "restart"
printf 'username=alice&password=correct+horse' >"$W/form"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$W/jar" --data-binary @"$W/form" "$URL/login")
[ "$status" = 303 ] && pass "alice still logs in after the restart" || fail "login answered $status"
curl -s -b "$W/jar" "$URL/printers/1" >"$W/page"
contains "$W/page" 'id="printer-name">Office<' "the printer is still there after the restart"
contains "$W/page" 'operator' "alice's new role is shown"
stop_server "restart"

echo "1..$count"
[ "$failures" -eq 0 ]
