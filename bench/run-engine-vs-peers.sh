#!/usr/bin/env bash
# Runs Sluice's engine benchmark and the peers named in the engine issue in one run, on this
# machine, and prints each figure and the ratios. Usage: bench/run-engine-vs-peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/bench/bench_engine ] || packaging/build.sh
[ -d bench/peers/node_modules ] || npm ci --prefix bench/peers --no-audit --no-fund >/dev/null

sluice=$(build/bench/bench_engine --benchmark_format=json 2>/dev/null)
peers=$(node bench/peers/peers.mjs)

python3 - "$sluice" "$peers" <<'PY'
import json, sys
sluice = {}
for b in json.loads(sys.argv[1])["benchmarks"]:
    sluice[b["name"]] = sluice[b["name"].split("/")[0]] = b
peers = json.loads(sys.argv[2])
pairs = sluice["1_acquire_release_with_capacity"]["pairs/s"]
saturated = sluice["2_acquire_release_saturated"]["pairs/s"]
memory = sluice["3_memory_1M_waiting"]["heap_bytes/ticket"]
position = sluice["4_position_lookup_1M_waiting"]["cpu_time"]
rlf = peers["rate_limiter_flexible_consumes_per_s"]
pq = peers["p_queue_jobs_per_s"]
print(f"1. acquire+release, capacity free:   {pairs:12,.0f} pairs/s   (target >= 2,000,000)")
print(f"2. acquire+release, saturated:       {saturated:12,.0f} pairs/s")
print(f"3. memory per waiting ticket (1M):   {memory:12.1f} bytes     (target <= 256)")
print(f"4. position lookup (1M waiting):     {position:12.1f} ns        (target <= 2000)")
for need in ("100", "500000", "1000000"):
    fit = sluice[f"5_tpm_fit_100k_window/{need}"]["cpu_time"]
    print(f"5. TPM fit, 100k in window, {int(need):>9,} tokens: {fit:8.1f} ns")
print(f"   rate-limiter-flexible consume:    {rlf:12,.0f} /s  -> Sluice pairs are {pairs / rlf:5.1f}x")
print(f"   p-queue prioritised jobs:         {pq:12,.0f} /s  -> Sluice saturated pairs are {saturated / pq:5.1f}x")
PY
