#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and launches Sluice on the embedded engine.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/deps.sh
packaging/build.sh
exec build/app/sluiced --config packaging/sluice.example.toml "$@"
