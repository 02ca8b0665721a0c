#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/deps.sh
packaging/build.sh
ctest --preset default -j "$(nproc)" "$@"
