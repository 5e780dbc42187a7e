#!/usr/bin/env bash
# README command (1): everything on loopback, to click through a firmware update by hand.
# Installs what is missing, builds into ./build, then starts under ./_run/ a private cupsd
# with one queue, a private system bus with printlink's policy, nginx serving a signed
# repository with MainController 83.00, printlink-cloud with the users admin and alice,
# printlinkd reporting MainController 82.70, and the install runner (what
# printlink-install.path does under systemd). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${PRINTLINK_BUILD_DIR:-build}   # another build tree, e.g. a developer's own

bash scripts/install-deps.sh
[[ -f "$build/build.ninja" ]] || meson setup "$build"
meson compile -C "$build"

export PRINTLINK_SOURCE_DIR="$PWD" PRINTLINK_BUILD_DIR="$(realpath "$build")"
export PYTHONPATH="$PWD/tests/support${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1

# The Python side owns the servers and stops them in order; the trap only passes the
# signal on and waits for that to finish.
/usr/bin/python3 -m printlink_support.run_local --dir _run "$@" &
runner=$!
trap 'kill -TERM "$runner" 2>/dev/null || true' INT TERM
status=0
while kill -0 "$runner" 2>/dev/null; do
    wait "$runner" || status=$?
done
exit "$status"
