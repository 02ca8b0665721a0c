#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and launches the Sluice dashboard on its
# embedded engine (which also serves the gateway API on 127.0.0.1:8787; --no-serve turns that off).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/deps.sh
packaging/build.sh
exec build/app/sluice/sluice --config packaging/sluice.example.toml "$@"
