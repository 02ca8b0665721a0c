#!/usr/bin/env bash
# Acquire+release round trips over HTTP keep-alive on loopback, measured with wrk.
# Usage: bench/gateway/run.sh [BUILD_DIR] [DURATION] [CONNECTIONS] [THREADS]
# Defaults: build, 10s, 64 connections, 2 wrk threads. Needs wrk (packaging/deps.sh).
# PEER=floor runs the same load against bench_http_floor (QtHttpServer doing nothing else);
# PEER=nginx against nginx with limit_req + limit_conn answering fixed bodies (nginx.conf.in,
# NGINX_WORKERS workers, default 1). FLOOR=1 is the old spelling of PEER=floor.
# REDIS=1 runs sluiced in shared mode (--redis) against a redis-server of its own, started
# on SLUICE_BENCH_REDIS_PORT (default 18788) in the temporary directory and stopped after.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
duration="${2:-10s}"
connections="${3:-64}"
threads="${4:-2}"
sluiced="$build/app/sluiced/sluiced"
port="${SLUICE_BENCH_PORT:-18787}"

data="$(mktemp -d)"
redis_pid=""
trap 'kill "$pid" $redis_pid 2>/dev/null || true; wait "$pid" $redis_pid 2>/dev/null || true; rm -rf "$data"' EXIT
key="$("$sluiced" keys create --role client --name bench --data-dir "$data" 2>/dev/null)"
peer="${PEER:-sluiced}"
[ "${FLOOR:-0}" = 1 ] && peer=floor
if [ "$peer" = floor ]; then
    "$build/bench/bench_http_floor" "$port" 2>"$data/sluiced.log" &
elif [ "$peer" = nginx ]; then
    sed -e "s|@PORT@|$port|" -e "s|@PREFIX@|$data|g" -e "s|@WORKERS@|${NGINX_WORKERS:-1}|" \
        "$here/nginx.conf.in" >"$data/nginx.conf"
    nginx -p "$data" -c "$data/nginx.conf" 2>"$data/sluiced.log" &
else
    shared=()
    if [ "${REDIS:-0}" = 1 ]; then
        redis_port="${SLUICE_BENCH_REDIS_PORT:-18788}"
        redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data" --save '' \
            --appendonly no >"$data/redis.log" 2>&1 &
        redis_pid=$!
        for _ in $(seq 50); do
            redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
            sleep 0.1
        done
        shared=(--redis "redis://127.0.0.1:$redis_port" --deployment bench --replica a)
        peer="sluiced --redis"
    fi
    "$sluiced" --config "$here/bench.toml" --data-dir "$data" --listen "127.0.0.1:$port" \
        "${shared[@]}" 2>"$data/sluiced.log" &
fi
pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
if [ "${REDIS:-0}" = 1 ]; then # ready once the library and the limits are in Redis
    for _ in $(seq 50); do
        lease="$(curl -sf -H "X-API-Key: $key" -H 'Content-Type: application/json' \
            -d '{"pool":"bench","user":"warmup"}' "http://127.0.0.1:$port/v1/acquire" |
            sed -n 's/.*"requestId":"\([^"]*\)".*/\1/p')" || true
        if [ -n "$lease" ]; then
            curl -sf -X POST -H "X-API-Key: $key" -H 'Content-Type: application/json' -d '{}' \
                "http://127.0.0.1:$port/v1/requests/$lease/release" >/dev/null
            break
        fi
        sleep 0.1
    done
fi
# user + system of the server and its children (nginx's workers), in clock ticks
cpu() {
    local total=0 p
    for p in "$pid" $(pgrep -P "$pid" || true); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$total"
}
before="$(cpu)"
SLUICE_KEY="$key" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -s "$here/acquire_release.lua" "http://127.0.0.1:$port" | tee "$data/wrk.txt"
after="$(cpu)"
pairs="$(sed -n 's/^acquires [0-9]*  releases \([0-9]*\).*/\1/p' "$data/wrk.txt")"
ticks="$(getconf CLK_TCK)"
awk -v t="$((after - before))" -v hz="$ticks" -v p="$pairs" \
    'BEGIN { printf "server CPU: %.2f s, %.1f us per pair (all its threads)\n", t / hz, p ? t / hz / p * 1e6 : 0 }'
echo "server: $peer"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
