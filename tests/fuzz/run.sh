#!/usr/bin/env bash
# Builds the libFuzzer targets (the "fuzz" preset, in build-fuzz/) and runs each for
# SECONDS_PER_TARGET (default 60) on a copy of its seed corpus (corpus/<target>/, so the tree
# stays clean), with its dictionary (dict/<target>.dict) when there is one.
# Prints the executions per target; fails when a target finds a crash, a leak, a timeout or
# runs out of memory, naming the reproducer. Installs what is missing, like tests/run.sh.
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (TARGET: api, config, ...)
# Environment: FUZZ_WORK (where working corpora, logs and reproducers go; default
# build-fuzz/fuzz-work), FUZZ_JOBS (targets run at once; default 1).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
packaging/deps.sh clang libclang-rt-dev
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for source in tests/fuzz/fuzz_*.cpp; do
        name=$(basename "$source" .cpp)
        targets+=("${name#fuzz_}")
    done
fi

work=${FUZZ_WORK:-$PWD/build-fuzz/fuzz-work}
mkdir -p "$work"

# Longest input per target: a little above the largest realistic one.
max_len() {
    case "$1" in
        retry) echo 256 ;;
        websocket) echo 4096 ;;
        api) echo 16384 ;;
        *) echo 65536 ;;
    esac
}

run_target() {
    local target=$1
    local binary=build-fuzz/tests/fuzz/fuzz_$target
    local dir=$work/$target
    rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/artifacts"
    if [ -d "tests/fuzz/corpus/$target" ]; then
        cp -r "tests/fuzz/corpus/$target/." "$dir/corpus/"
    fi
    local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
                -max_len="$(max_len "$target")" -print_final_stats=1
                -artifact_prefix="$dir/artifacts/")
    if [ -f "tests/fuzz/dict/$target.dict" ]; then
        args+=(-dict="$PWD/tests/fuzz/dict/$target.dict")
    fi
    local status=0
    (cd "$dir" && "$OLDPWD/$binary" "${args[@]}" corpus) >"$dir/log" 2>&1 || status=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    if [ "$status" -eq 0 ]; then
        echo "fuzz_$target: ${execs:-?} executions in ${seconds} s, nothing found"
        return 0
    fi
    echo "fuzz_$target: FAILED (exit $status) after ${execs:-?} executions; log: $dir/log"
    grep -E '^==[0-9]+==ERROR|runtime error|fuzz invariant|^SUMMARY' "$dir/log" | head -5 || true
    for reproducer in "$dir"/artifacts/*; do
        [ -e "$reproducer" ] && echo "  reproducer: $reproducer (run: $binary $reproducer)"
    done
    return 1
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export QT_QPA_PLATFORM=offscreen

failed=0
pids=()
for target in "${targets[@]}"; do
    if [ ! -f "tests/fuzz/fuzz_$target.cpp" ]; then
        echo "no such fuzz target: $target (tests/fuzz/fuzz_$target.cpp)" >&2
        exit 2
    fi
    run_target "$target" &
    pids+=($!)
    if [ ${#pids[@]} -ge "${FUZZ_JOBS:-1}" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
done
exit "$failed"
