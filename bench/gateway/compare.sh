#!/usr/bin/env bash
# Side by side in one run: the same wrk load against sluiced, nginx (limit_req + limit_conn)
# and, when a second build directory is given, an older sluiced, in alternating rounds so
# that a change in the machine's load falls on all of them alike.
# Usage: bench/gateway/compare.sh [BUILD_DIR] [ROUNDS] [DURATION] [OTHER_BUILD_DIR]
# Defaults: build, 3 rounds, 10s. Prints one line per run and a table at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
rounds="${2:-3}"
duration="${3:-10s}"
other="${4:-}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

run() { # NAME, then the environment and arguments of run.sh
    local name=$1
    shift
    local text
    text="$(env "$@" 2>&1)"
    local pairs p99 cpu
    pairs="$(sed -n 's/^pairs\/s \([0-9]*\).*/\1/p' <<<"$text")"
    p99="$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<<"$text")"
    cpu="$(sed -n 's/.*s, \([0-9.]*\) us per pair.*/\1/p' <<<"$text")"
    printf '%-14s %8s pairs/s  p99 %6s ms  %6s us CPU per pair  (load %s)\n' "$name" "$pairs" \
        "$p99" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
}

for round in $(seq "$rounds"); do
    echo "round $round"
    run sluiced PEER=sluiced bash "$here/run.sh" "$build" "$duration" 64 2
    [ -n "$other" ] && run sluiced-other PEER=sluiced bash "$here/run.sh" "$other" "$duration" 64 2
    run nginx PEER=nginx bash "$here/run.sh" "$build" "$duration" 64 2
done
echo
echo "| server | pairs/s | p99 ms | µs CPU per pair |"
echo "| --- | --- | --- | --- |"
for name in sluiced sluiced-other nginx; do
    { grep "^$name " "$out" || true; } | awk -v n="$name" '{p = p sep $2; l = l sep $5; c = c sep $7; sep = " / "}
        END { if (p != "") printf "| %s | %s | %s | %s |\n", n, p, l, c }'
done
