#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and launches the Sluice dashboard on its
# embedded engine (which also serves the gateway API on 127.0.0.1:8787; --no-serve turns that off).
# Without a display (a server, a container) the dashboard runs under Xvfb: invisible, but the
# embedded engine and its API on 127.0.0.1:8787 work as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    packaging/deps.sh xvfb xauth
else
    packaging/deps.sh
fi
packaging/build.sh
sluice=(build/app/sluice/sluice --config packaging/sluice.example.toml "$@")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: running the dashboard under Xvfb (the API is on 127.0.0.1:8787)." >&2
    exec xvfb-run -a "${sluice[@]}"
fi
exec "${sluice[@]}"
