#!/usr/bin/env bash
# README command (2) and what CI runs (.ci/run): installs what is missing, builds into
# ./build, runs every meson test suite (unit, integration, browser), and ends with one line
# "N passed, N failed" counted from build/meson-logs/testlog.json. Exits non-zero when
# anything failed, including the install or the build, or when a test was skipped: a
# skipped test hides a check, so none may exist.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${PRINTLINK_BUILD_DIR:-build}   # another build tree, e.g. a developer's own

finish_early() {
    echo "test.sh: $1"
    echo "0 passed, 1 failed"
    exit 1
}

# --browser: the browser suite runs too (headless Chromium and Node for playwright-core).
bash scripts/install-deps.sh --browser || finish_early "installing the dependencies failed"
if [[ ! -f "$build/build.ninja" ]]; then
    meson setup "$build" || finish_early "meson setup failed"
fi
meson compile -C "$build" || finish_early "the build failed"

testlog=$build/meson-logs/testlog.json
rm -f "$testlog"
meson test -C "$build" --print-errorlogs
meson_status=$?
[[ -f "$testlog" ]] || finish_early "meson test wrote no $testlog (exit status $meson_status)"

/usr/bin/python3 - "$testlog" "$meson_status" <<'PY'
import json
import sys

passed_results = {"OK", "EXPECTEDFAIL"}
failed_results = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"}
passed, failed, skipped, unknown = [], [], [], []
with open(sys.argv[1]) as log:
    for line in log:
        if not line.strip():
            continue
        test = json.loads(line)
        result = test.get("result")
        bucket = passed if result in passed_results else failed if result in failed_results \
            else skipped if result == "SKIP" else unknown
        bucket.append(f"{test.get('name')} ({result})")
for name in failed + unknown:
    print(f"failed: {name}")
for name in skipped:
    print(f"skipped (not allowed; counted as neither): {name}")
print(f"{len(passed)} passed, {len(failed) + len(unknown)} failed")
ok = not failed and not unknown and not skipped and int(sys.argv[2]) == 0 and passed
sys.exit(0 if ok else 1)
PY
