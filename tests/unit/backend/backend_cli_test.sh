#!/bin/sh
# The built printlink backend run the way cupsd runs it (backend(7): argv[0] and DEVICE_URI
# hold the device URI, CUPS_SERVERBIN names the backend directory), with probe_backend as
# the real backend behind it: discovery, usage, bad URIs, the hand-over by exec (argv,
# DEVICE_URI, stdin, fds 3 and 4, exit status and signals untouched; cupsd's privilege rule),
# the hold while install.lock is held, and its message in Japanese.
# Usage: backend_cli_test.sh PRINTLINK-BACKEND PROBE-BACKEND BUILD-LOCALEDIR
set -u
BACKEND=$1
PROBE=$2
LOCALEDIR=$3
W=$(mktemp -d "${TMPDIR:-/tmp}/printlink-backend-test-XXXXXX")
LOCKER=
trap 'if [ -n "$LOCKER" ]; then kill "$LOCKER" 2>/dev/null; fi; rm -rf "$W"' EXIT
failures=0
count=0

pass() { count=$((count + 1)); echo "ok $count - $1"; }
fail() { count=$((count + 1)); echo "not ok $count - $1"; failures=$((failures + 1)); }
show() { sed 's/^/# /' "$1"; }
contains() {  # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3 ('$2' not in $(basename "$1"))"; show "$1"; fi
}
lacks() {  # lacks FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then fail "$3 ('$2' in $(basename "$1"))"; show "$1"; else pass "$3"; fi
}
expect_rc() {  # expect_rc GOT WANTED DESCRIPTION
    if [ "$1" -eq "$2" ]; then pass "$3"; else fail "$3 (exit $1, wanted $2)"; show "$W/err"; fi
}

# The probe writes as whichever user the backend makes it: everything it touches is open.
chmod 0755 "$W"
mkdir -p "$W/serverbin/backend" "$W/serverroot" "$W/out" "$W/run"
chmod 0777 "$W/out"
install -m 0755 "$PROBE" "$W/serverbin/backend/socket"  # cupsd would run it as lp
install -m 0744 "$PROBE" "$W/serverbin/backend/usb"     # as root (Debian 12's usb is 0744)
printf 'User lp\nGroup lp\n' >"$W/serverroot/cups-files.conf"
cat >"$W/printlink.conf" <<CONF
[cloud]
printer_uri = ipps://cloud.example/ipp/print/42
[device]
model = PL-100
queue = office
runtime_dir = $W/run
[firmware]
catalog_url = https://repo.example/fw/catalog.json
catalog_key_file = /etc/printlink/catalog-key.pub.pem
[component:MainController]
version_file = /var/lib/printlink/MainController.version
CONF
printf 'the document\n' >"$W/doc"

URI='printlink:socket://alice:s3cret@192.0.2.5:9100/raw'
# run URI ARGS...: the backend as cupsd starts it; stdin from $W/doc, fd 3 and 4 to files.
PROBE_EXIT=
PROBE_SIGNAL=
JOB_LANG=
run() {
    uri=$1; shift
    rc=0
    env -i PATH="$PATH" LANG="${JOB_LANG:-en.UTF-8}" PRINTLINK_LOCALEDIR="$LOCALEDIR" \
        CUPS_SERVERBIN="$W/serverbin" CUPS_SERVERROOT="$W/serverroot" \
        PRINTLINK_CONFIG="$W/printlink.conf" DEVICE_URI="$uri" PROBE_OUT="$W/out" \
        ${PROBE_EXIT:+PROBE_EXIT=$PROBE_EXIT} ${PROBE_SIGNAL:+PROBE_SIGNAL=$PROBE_SIGNAL} \
        perl -e '$0 = shift; exec { $ARGV[0] } $0, @ARGV[1..$#ARGV] or exit 127' \
        "$uri" "$BACKEND" "$@" <"$W/doc" >"$W/stdout" 2>"$W/err" 3>"$W/fd3" 4>"$W/fd4" || rc=$?
    return 0
}
lp_uid=$(id -u lp)

# Discovery: nothing to list, exit 0.
rc=0; "$BACKEND" >"$W/stdout" 2>"$W/err" || rc=$?
expect_rc $rc 0 "discovery exits 0"
if [ ! -s "$W/stdout" ]; then pass "discovery lists no device"; else fail "discovery printed"; show "$W/stdout"; fi

# A wrong number of arguments: the usage, CUPS_BACKEND_FAILED.
run "$URI" 1 alice
expect_rc $rc 1 "two arguments: usage error"
contains "$W/err" "Usage: printlink job-id user title copies options [file]" "the usage is shown"

# A queue set up with a URI that names no real backend: CUPS_BACKEND_STOP (jobs wait).
run "printlink:" 1 alice title 1 ""
expect_rc $rc 4 "an empty real URI stops the queue"
contains "$W/err" "ERROR: The device URI names no real device" "and says why"
run "printlink:printlink:socket://x" 1 alice title 1 ""
expect_rc $rc 4 "a printlink URI inside a printlink URI stops the queue"
run "printlink:nosuch://alice:s3cret@h" 1 alice title 1 ""
expect_rc $rc 4 "a scheme without a backend stops the queue"
contains "$W/err" "ERROR: No \"nosuch\" backend is installed" "and names the missing backend"
lacks "$W/err" "s3cret" "without showing the password"

# The hand-over: the probe gets what cupsd would have given it for the real URI.
run "$URI" 7 alice "a title" 2 "sides=two-sided-long-edge"
expect_rc $rc 0 "a job through the real backend exits with its status"
J="$W/out/job-7"
contains "$J" "argc=6" "the real backend gets the same argument count"
contains "$J" "argv[0]=socket://192.0.2.5:9100/raw" "argv[0] is the real URI without credentials"
contains "$J" "argv[3]=a title" "the title passes unchanged"
contains "$J" "argv[5]=sides=two-sided-long-edge" "the options pass unchanged"
contains "$J" "DEVICE_URI=socket://alice:s3cret@192.0.2.5:9100/raw" "DEVICE_URI is the real URI with its credentials"
contains "$J" "document=the document" "stdin reaches the real backend"
contains "$J" "fd3=open" "the back channel (fd 3) passes through"
contains "$J" "fd4=open" "the side channel (fd 4) passes through"
contains "$W/fd3" "probe on fd 3" "the real backend writes the back channel"
contains "$W/fd4" "probe on fd 4" "the real backend writes the side channel"
contains "$W/err" "STATE: -printlink-held-for-firmware-update-report" "a hold left on the queue is cleared"
contains "$W/err" "INFO: probe printed job 7" "the real backend's messages reach cupsd"
lacks "$W/err" "s3cret" "the password is never logged"
if [ "$(id -u)" -eq 0 ]; then
    contains "$J" "uid=$lp_uid euid=$lp_uid" "a 0755 real backend runs as cupsd's user, as cupsd would run it"
else
    contains "$J" "uid=$(id -u) euid=$(id -u)" "a 0755 real backend runs as the backend's user"
fi

run "$URI" 8 alice title 1 "" "$W/doc"
contains "$W/out/job-8" "argc=7" "with a file argument: seven arguments"
contains "$W/out/job-8" "argv[6]=$W/doc" "the file argument passes unchanged"

PROBE_EXIT=5
run "$URI" 9 alice title 1 ""
PROBE_EXIT=
expect_rc $rc 5 "the real backend's exit status (CUPS_BACKEND_CANCEL) is the job's"
PROBE_SIGNAL=15
run "$URI" 10 alice title 1 ""
PROBE_SIGNAL=
expect_rc $rc 143 "a real backend killed by SIGTERM is seen as killed by it"

run "printlink:usb://Example/PL-100?serial=1" 11 alice title 1 ""
if [ "$(id -u)" -eq 0 ]; then
    expect_rc $rc 0 "a 0744 real backend runs"
    contains "$W/out/job-11" "uid=0 euid=0" "as root, as cupsd would run it"
else
    expect_rc $rc 4 "a 0744 real backend cannot run without root: the queue stops"
    contains "$W/err" "install the printlink backend with mode 0700" "and says how to fix it"
fi

# While the installer holds install.lock: the job is held, the real backend never runs.
# Like install-staged: one process holds the lock; it says so on a FIFO once it does.
mkfifo "$W/locked"
sh -c 'exec 9>"$1/run/install.lock"; flock --exclusive 9; echo held >"$1/locked"; exec sleep 300' \
    locker "$W" &
LOCKER=$!
read -r _ <"$W/locked"
run "$URI" 12 alice title 1 ""
expect_rc $rc 3 "during a flash the job is held (CUPS_BACKEND_HOLD)"
contains "$W/err" "STATE: +printlink-held-for-firmware-update-report" "the queue gets the hold's reason"
contains "$W/err" "INFO: The printer's firmware is being updated. The job is held" "and the reason is explained"
if [ ! -e "$W/out/job-12" ]; then pass "the real backend did not run"; else fail "the real backend ran"; fi
lacks "$W/err" "s3cret" "the password is not logged while holding"

JOB_LANG=ja.UTF-8
run "$URI" 13 alice title 1 ""
JOB_LANG=
expect_rc $rc 3 "a Japanese job is held too"
contains "$W/err" "INFO: プリンターのファームウェアを更新しています。" "with the message in the job's language (LANG=ja.UTF-8 from cupsd)"
contains "$W/err" "STATE: +printlink-held-for-firmware-update-report" "keywords stay untranslated"

kill "$LOCKER" 2>/dev/null
wait "$LOCKER" 2>/dev/null
LOCKER=
run "$URI" 14 alice title 1 ""
expect_rc $rc 0 "once the installer is gone the job prints"
contains "$W/out/job-14" "document=the document" "through the real backend"

echo "1..$count"
[ "$failures" -eq 0 ]
