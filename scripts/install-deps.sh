#!/usr/bin/env bash
# Installs every Debian package printlink needs to build, run and test.
# Idempotent: does nothing (and needs no network) when all packages are present.
# Usage: scripts/install-deps.sh [--browser]   (--browser adds Chromium + Node for the web UI tests)
set -euo pipefail

packages=(
  g++ pkg-config meson ninja-build gettext git ca-certificates curl python3
  libcups2-dev libcupsfilters-dev libglib2.0-dev libglib2.0-bin libsdbus-c++-dev libsdbus-c++-bin
  libgtest-dev libgmock-dev libsystemd-dev libcurl4-openssl-dev libssl-dev
  nlohmann-json3-dev libsqlite3-dev libsoup-3.0-dev libqrencode-dev
  cups-daemon cups-client cups-ipp-utils dbus-daemon systemd nginx openssl python3-pytest clang-format
  zbar-tools  # the registration test reads the QR code printlinkctl draws
  # The installers printlinkctl drives: SWUpdate (its progress_msg header builds printlinkctl;
  # cpio packs .swu files in the tests) and RAUC (squashfs-tools for `rauc bundle`).
  swupdate libswupdate-dev cpio rauc squashfs-tools
  dbus-bin  # dbus-monitor: the withdrawal tests watch the order of calls on the bus
)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium)
  # Machines of this kind ship Node.js 20 with npm from another source; Debian's npm
  # conflicts with that node, so Debian's pair is only installed where there is none.
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian installs nginx with its init script enabled; printlink only ever runs its own
# private instances, so a system nginx that happens to start is stopped again.
if [[ " ${missing[*]-} " == *" nginx "* ]] && command -v service >/dev/null; then
  service nginx stop >/dev/null 2>&1 || true
fi
