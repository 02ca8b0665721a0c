#!/usr/bin/env bash
# Installs the end-to-end test's npm packages into tests/e2e/node_modules with `npm ci`
# (exactly the lockfile), unless they are installed already from this very lockfile.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
stamp="$dir/node_modules/.sluice-package-lock"
if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    exit 0
fi
command -v npm >/dev/null || { echo "install.sh: npm is required (packaging/deps.sh installs it)" >&2; exit 1; }
npm ci --prefix "$dir" --no-audit --no-fund
cp "$dir/package-lock.json" "$stamp"
