#!/usr/bin/env bash
# Compares bench_engine of two build trees: each round runs both at once, pinned to the two
# cores (swapped every round), so that the machine's drift (other work, a neighbour on the
# host) falls on both alike. Prints each round's rates and B/A, then the median ratio.
# Usage: bench/engine-ab.sh BUILD_A BUILD_B [rounds=8] [benchmark=1_acquire]
# e.g. git worktree add /tmp/old <commit> && cmake --preset default -S /tmp/old -B /tmp/old/build
#      && cmake --build /tmp/old/build --target bench_engine && bench/engine-ab.sh /tmp/old/build build
set -euo pipefail
a=$1 b=$2 rounds=${3:-8} filter=${4:-1_acquire}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # core build output
    taskset -c "$1" "$2/bench/bench_engine" --benchmark_filter="$filter" --benchmark_min_time=2 \
        --benchmark_format=json 2>/dev/null >"$3"
}
for round in $(seq "$rounds"); do
    run $((round % 2)) "$a" "$out/a.json" &
    run $(((round + 1) % 2)) "$b" "$out/b.json"
    wait
    python3 -c '
import json, sys
rate = lambda path: json.load(open(path))["benchmarks"][0]["pairs/s"] / 1e6
a, b = rate(sys.argv[1]), rate(sys.argv[2])
print(f"A {a:.2f} M  B {b:.2f} M pairs/s  B/A {b / a:.3f}")' "$out/a.json" "$out/b.json"
done | tee "$out/rounds"
python3 -c '
import statistics, sys
ratios = [float(line.split()[-1]) for line in open(sys.argv[1])]
print(f"median B/A over {len(ratios)} rounds: {statistics.median(ratios):.3f}")' "$out/rounds"
