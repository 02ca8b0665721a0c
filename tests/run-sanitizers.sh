#!/usr/bin/env bash
# Builds the whole suite with AddressSanitizer and UndefinedBehaviorSanitizer (the "asan"
# preset, in build-asan/) and runs it with ctest. Installs what is missing, like tests/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$(nproc)" "$@"
