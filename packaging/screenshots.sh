#!/usr/bin/env bash
# Renders every page of the dashboard to docs/screenshots/*.png from a seeded engine state:
# a fresh engine in a temporary data directory, the shipped example configuration, and ten
# simulated minutes of demo traffic with a few operator actions (see app/sluice/ScreenshotRun.h).
# Usage: packaging/screenshots.sh [BUILD_DIR] (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake --build "$build" --target sluice
rm -f docs/screenshots/{overview,queues,limits,users,alerts,audit,connections}.png
TZ=UTC QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="sluice.*=false" \
    "$build/app/sluice/sluice" --config packaging/sluice.example.toml \
    --screenshot docs/screenshots --seed-minutes 10
