-- wrk script: acquire then release, over and over, on keep-alive connections.
-- Each thread keeps the lease ids its acquires returned and releases one whenever it has
-- one, so acquires and releases alternate and every lease is given back. A pair is one
-- acquire plus one release; pairs/s = requests/s / 2.
-- Environment: SLUICE_KEY (a client key), SLUICE_POOL (default "bench").

local key = os.getenv("SLUICE_KEY") or ""
local pool = os.getenv("SLUICE_POOL") or "bench"
-- SLUICE_RATE (optional): requests a second for each wrk thread, on a schedule of its own
-- (each request takes the next free moment of the thread's timetable; enough connections
-- keep it on time). Without it, every connection sends as fast as it is answered.
local rate = tonumber(os.getenv("SLUICE_RATE") or "0")
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   leases = {}
   users = 0
   acquires = 0
   releases = 0
   errors = 0
   headers = { ["X-API-Key"] = key, ["Content-Type"] = "application/json" }
end

if rate > 0 then
   local ffi = require("ffi")
   ffi.cdef[[
      typedef struct { long tv_sec; long tv_nsec; } sluice_timespec;
      int clock_gettime(int clock, sluice_timespec *now);
   ]]
   local now_ts = ffi.new("sluice_timespec")
   local function now_ms()
      ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
      return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
   end
   local interval = 1000 / rate
   local next_at = 0
   function delay()
      local now = now_ms()
      next_at = math.max(next_at + interval, now)
      return math.floor(next_at - now)
   end
end

function request()
   local lease = table.remove(leases)
   if lease then
      releases = releases + 1
      return wrk.format("POST", "/v1/requests/" .. lease .. "/release", headers, "")
   end
   users = users + 1
   acquires = acquires + 1
   local body = string.format('{"pool":"%s","user":"t%d-u%d"}', pool, id, users % 1000)
   return wrk.format("POST", "/v1/acquire", headers, body)
end

function response(status, headers, body)
   if status ~= 200 then
      errors = errors + 1
      return
   end
   local lease = string.match(body, '"lease_id":"([%x-]+)"')
   if lease then
      table.insert(leases, lease)
   end
end

function done(summary, latency, requests)
   local a, r, e = 0, 0, 0
   for _, thread in ipairs(threads) do
      a = a + thread:get("acquires")
      r = r + thread:get("releases")
      e = e + thread:get("errors")
   end
   local seconds = summary.duration / 1e6
   io.write(string.format("acquires %d  releases %d  non-200 %d\n", a, r, e))
   io.write(string.format("pairs/s %.0f  (requests/s %.0f)\n", r / seconds, summary.requests / seconds))
   io.write(string.format("latency per request: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
                          latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                          latency:percentile(99) / 1000, latency.max / 1000))
end
