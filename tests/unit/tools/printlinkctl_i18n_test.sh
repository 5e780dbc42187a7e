#!/bin/sh
# printlinkctl in Japanese: po/ja.po is complete and valid, every string the sources mark for
# translation is in it, and the built tool speaks it (and English without LANGUAGE).
# Usage: printlinkctl_i18n_test.sh PRINTLINKCTL SOURCE-ROOT BUILD-LOCALEDIR
set -u
CTL=$1
SRC=$2
LOCALEDIR=$3
PO="$SRC/po/ja.po"
W=$(mktemp -d "${TMPDIR:-/tmp}/printlinkctl-i18n-test-XXXXXX")
trap 'rm -rf "$W"' EXIT
failures=0
count=0

# TAP output: one line per check, the plan at the end.
pass() { count=$((count + 1)); echo "ok $count - $1"; }
fail() { count=$((count + 1)); echo "not ok $count - $1"; failures=$((failures + 1)); }
show() { sed 's/^/# /' "$1"; }
contains() {  # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3 ('$2' not in output)"; show "$1"; fi
}
lacks() {  # lacks FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then fail "$3 ('$2' in output)"; show "$1"; else pass "$3"; fi
}
# run CODE DESCRIPTION "VAR=VALUE..." ARGS...: runs printlinkctl with only these locale
# variables (none of the caller's), no system bus, stdout to $W/out and stderr to $W/err.
run() {
    code=$1; what=$2; vars=$3; shift 3
    rc=0
    # $vars is deliberately split into separate assignments.
    env -i PATH="$PATH" PRINTLINK_LOCALEDIR="$LOCALEDIR" \
        DBUS_SYSTEM_BUS_ADDRESS="${BUS:-unix:path=$W/no-such-bus}" $vars \
        "$CTL" "$@" >"$W/out" 2>"$W/err" </dev/null || rc=$?
    if [ "$rc" -eq "$code" ]; then pass "$what"; else fail "$what (exit $rc, wanted $code)"; show "$W/err"; fi
}

# The gettext tools' own messages are matched below in English: keep them untranslated.
export LC_ALL=C
unset LANGUAGE

# (a) The catalog compiles with every check on, and nothing in it is untranslated or fuzzy.
if msgfmt --check --statistics -o "$W/ja.mo" "$PO" 2>"$W/stats"; then
    pass "msgfmt --check accepts ja.po"
else
    fail "msgfmt --check rejects ja.po"; show "$W/stats"
fi
if grep -q "translated message" "$W/stats" && ! grep -qE "fuzzy|untranslated" "$W/stats"; then
    pass "ja.po: $(cat "$W/stats")"
else
    fail "ja.po is incomplete: $(cat "$W/stats")"
fi

# (b) A fresh template, extracted as meson's printlink-pot does (preset 'glib' keywords),
# has nothing ja.po lacks: a new message without a translation fails here.
xgettext_glib() {  # xgettext_glib OUTPUT ARGS...
    out=$1; shift
    xgettext --package-name=printlink -D "$SRC" -k_ --from-code=UTF-8 --add-comments \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
        --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 -o "$out" "$@"
}
if xgettext_glib "$W/printlink.pot" -f "$SRC/po/POTFILES.in" 2>"$W/xgettext"; then
    pass "xgettext extracts the template from POTFILES.in"
else
    fail "xgettext fails on POTFILES.in"; show "$W/xgettext"
fi
if msgcmp "$PO" "$W/printlink.pot" >"$W/msgcmp" 2>&1; then
    pass "every extracted message has a translation in ja.po"
else
    fail "messages missing from ja.po or untranslated there"; show "$W/msgcmp"
fi
# ...and POTFILES.in lists every printlinkctl source that marks strings: extracting from all
# of them finds nothing the template above lacks.
(cd "$SRC" && find tools/printlinkctl -name '*.cpp' -o -name '*.h') | sort >"$W/all-sources"
if ! xgettext_glib "$W/all.pot" -f "$W/all-sources" 2>"$W/xgettext"; then
    fail "xgettext fails on the sources of printlinkctl"; show "$W/xgettext"
elif msgcmp --use-untranslated "$W/printlink.pot" "$W/all.pot" >"$W/msgcmp" 2>&1; then
    pass "POTFILES.in lists every source file of printlinkctl with translatable strings"
else
    fail "a printlinkctl source with translatable strings is missing from po/POTFILES.in"
    show "$W/msgcmp"
fi

# (c) The built printlinkctl, with the catalog of this build directory. glibc ignores
# LANGUAGE in the C locale, hence C.UTF-8.
run 2 "no command: usage error, in Japanese" "LC_ALL=C.UTF-8 LANGUAGE=ja"
contains "$W/err" "printlinkctl: コマンドが指定されていません" "the error is Japanese"
contains "$W/err" "使い方: printlinkctl コマンド" "the usage is Japanese"
contains "$W/err" "ファームウェアの更新をキャンセルします" "command descriptions are Japanese"
contains "$W/err" "install-staged [--config PATH]" "command and option names stay untranslated"

run 0 "--help in Japanese" "LC_ALL=C.UTF-8 LANGUAGE=ja" --help
contains "$W/out" "使い方: printlinkctl コマンド" "--help prints the Japanese usage on stdout"
contains "$W/out" "status                        クラウド接続とファームウェアの状態を表示します" \
    "'status' is described in Japanese"

run 2 "a stray argument is a usage error" "LC_ALL=C.UTF-8 LANGUAGE=ja" status extra
contains "$W/err" "printlinkctl: 'status' は引数を取りません" "the placeholder lands in the Japanese text"
run 2 "an unknown install-staged option is a usage error" "LC_ALL=C.UTF-8 LANGUAGE=ja" \
    install-staged --bogus
contains "$W/err" "printlinkctl: 不明なオプションです: '--bogus'" "the option error is Japanese"

# No printlinkd (no bus at all): a clear one-line error and exit 1, not a crash. The
# sentence is ours and translated; sd-bus's own words follow it.
run 1 "status without a system bus fails cleanly" "LC_ALL=C.UTF-8 LANGUAGE=ja" status
if [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q "^printlinkctl: ." "$W/err" && [ ! -s "$W/out" ]; then
    pass "one error line on stderr, nothing on stdout"
else
    fail "unexpected output without a bus"; show "$W/err"; show "$W/out"
fi
contains "$W/err" "printlinkctl: システムバスに接続できません: " "the no-bus error is Japanese"

# A bus, but no printlinkd on it: said so in a sentence of ours.
BUS=$(dbus-daemon --session --fork --print-address=1 --print-pid=3 --address="unix:path=$W/bus" 3>"$W/bus.pid")
run 1 "status with no printlinkd on the bus fails cleanly" "LC_ALL=C.UTF-8 LANGUAGE=ja" status
contains "$W/err" "printlinkctl: printlinkd が起動していません" "the no-daemon error is Japanese"
kill "$(cat "$W/bus.pid")" 2>/dev/null
unset BUS

# Without LANGUAGE the same build speaks English.
run 2 "no command, no LANGUAGE" "LC_ALL=C.UTF-8"
contains "$W/err" "printlinkctl: no command given" "the error is English"
contains "$W/err" "Usage: printlinkctl COMMAND" "the usage is English"
lacks "$W/err" "使い方" "no Japanese without LANGUAGE"
run 0 "--help, no LANGUAGE" "LC_ALL=C.UTF-8" --help
contains "$W/out" "cancel the firmware update" "--help is English"

echo "1..$count"
[ "$failures" -eq 0 ]
