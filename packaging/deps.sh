#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Sluice builds and tests with, skipping those already
# installed. Uses sudo when not root. Usage: packaging/deps.sh [extra-package...]
# (tests/fuzz/run.sh adds clang and libclang-rt-dev, the libFuzzer and sanitizer runtimes,
# which clang only recommends.)
set -euo pipefail

# libqt6opengl6-dev is only recommended by qt6-base-dev, but Qt6Charts' CMake package needs it.
# sd_notify() is libsystemd-dev's; scdoc makes the man pages, rsvg-convert (librsvg2-bin) the
# PNG icons; lintian, desktop-file-utils, appstream, systemd (systemd-analyze), procps (the
# unit's /bin/kill), man-db and curl are for packaging/test-packages.sh; openssl makes the
# test certificates of the TLS tests. hiredis (libhiredis-dev) talks to Redis for scale-out;
# redis-server is started by the scale-out tests on a free port.
packages=(
    build-essential cmake ninja-build pkgconf ccache
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev libqt6svg6 qt6-websockets-dev
    qt6-httpserver-dev libqt6sql6-sqlite libsqlite3-dev
    qtkeychain-qt6-dev libtomlplusplus-dev libboost-dev libbenchmark-dev wrk
    libsystemd-dev scdoc librsvg2-bin libhiredis-dev redis-server
    lintian desktop-file-utils appstream systemd procps man-db curl openssl
    "$@"
)

# The end-to-end test runs the official SDK on Node.js (18 from Debian is enough). A machine
# that already has node and npm (e.g. from NodeSource) keeps them: Debian's npm would conflict.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
