-- Sluice's shared admission state (SCALEOUT.md), part 1 of 4: keys, time and the helpers
-- the functions in functions.lua share. RedisFunctions prepends the `register` prelude
-- (FUNCTION LOAD or EVAL) and appends queue.lua, functions.lua and operations.lua.
--
-- Every function of a pool takes the same KEYS, all under one hash tag {sl:<deployment>}
-- (RedisKeys.cpp builds them), so a call touches one Cluster slot and declares every key.
-- Times are milliseconds from Redis TIME, never from a replica. Every loop is bounded by
-- STEP_LIMIT iterations; what is left is done by the next call or sl_tick.

local KEY_NAMES = {'st', 'leases', 'linfo', 'ctx', 'rpm', 'tpm', 'tpmtok', 'q', 'park',
                   'tinfo', 'tdl', 'ucnt', 'quota', 'idem', 'idemx', 'events', 'clock',
                   'replicas', 'spend', 'usage'}
local STEP_LIMIT = 64
local WINDOW_MS = 60000
local DAY_MS = 86400000
local IDEM_TTL_MS = 3600000
local EVENTS_MAXLEN = 100000

local function keys_of(keys)
  local K = {}
  for i, name in ipairs(KEY_NAMES) do K[name] = keys[i] end
  return K
end

local function num(v, default)
  local n = tonumber(v)
  if n == nil then return default end
  return n
end

-- now in ms: Redis TIME, or the test-only frozen clock `{S}:clock now_ms` when a test set it
-- (production never writes that key); never earlier than the last `now` of the pool, so a
-- failover to a node whose clock is behind cannot run windows backwards.
local function now_ms(K)
  local t = num(redis.call('HGET', K.clock, 'now_ms'), nil)
  if t == nil then
    local tm = redis.call('TIME')
    t = tonumber(tm[1]) * 1000 + math.floor(tonumber(tm[2]) / 1000)
  end
  local last = num(redis.call('HGET', K.st, 'last_now'), 0)
  if t < last then return last end
  redis.call('HSET', K.st, 'last_now', t)
  return t
end

-- Redis TIME in µs as text: an id that never repeats (a pool's epoch, the usage id, the keys'
-- version), even across a loss of Redis's data.
local function time_id()
  local tm = redis.call('TIME')
  return tm[1] .. string.format('%06d', tonumber(tm[2]))
end

local function cfg(K)
  local v = redis.call('HMGET', K.st, 'cfgver', 'maxc', 'rpm', 'tpm', 'maxq', 'qto', 'idle',
                       'name', 'paused', 'draining', 'paused_until')
  return {ver = num(v[1], -1), maxc = num(v[2], 0), rpm = num(v[3], 0), tpm = num(v[4], 0),
          maxq = num(v[5], 0), qto = num(v[6], 0), idle = num(v[7], 0), name = v[8] or '',
          paused = v[9] == '1', draining = v[10] == '1', paused_until = num(v[11], 0), now = 0}
end

local function event(K, c, kind, id, owner, reason)
  redis.call('XADD', K.events, 'MAXLEN', '~', EVENTS_MAXLEN, '*', 'type', kind,
             'pool', c.name, 'id', id, 'owner', owner or '', 'reason', reason or '')
end

-- ids are unique across a loss of Redis's data: the sequence starts again then, but the
-- epoch (when sl_config first wrote the pool, in µs) does not repeat, so a replica's release
-- of an old lease can never free a new one that got its number
local function new_id(K)
  local epoch = redis.call('HGET', K.st, 'epoch') or '0'
  return string.format('%016d-%s', redis.call('HINCRBY', K.st, 'seq', 1), epoch)
end

-- quota field: "day|requests|tokens"; another day reads as zero. A day's spend (nano-USD,
-- charged at release) is in the spend hash, "day|cost": a field of its own, so that a
-- library without spend reads the quota field unchanged.
local function quota_of(K, user, day)
  local v = redis.call('HGET', K.quota, user)
  if v then
    local d, r, t = string.match(v, '^(%-?%d+)|(%-?%d+)|(%-?%d+)$')
    if tonumber(d) == day then return tonumber(r), tonumber(t), tonumber(d) end
    return 0, 0, tonumber(d)
  end
  return 0, 0, nil
end

-- adds to `day`'s quota; nothing when the stored day is later (a lease released after
-- midnight must not wipe the new day's counts)
local function quota_add(K, user, day, dreq, dtok)
  local r, t, stored = quota_of(K, user, day)
  if stored and stored > day then return r, t end
  r = math.max(0, r + dreq)
  t = math.max(0, t + dtok)
  redis.call('HSET', K.quota, user, string.format('%d|%d|%d', day, r, t))
  return r, t
end

-- the user's spend field: its day and nano-USD (nil, 0: none, or the caller sent no spend
-- key, an older replica)
local function spend_entry(K, user)
  local v = K.spend and redis.call('HGET', K.spend, user)
  if not v then return nil, 0 end
  local d, cost = string.match(v, '^(%-?%d+)|(%d+)$')
  return tonumber(d), num(cost, 0)
end

local function spend_of(K, user, day)
  local d, cost = spend_entry(K, user)
  return d == day and cost or 0
end

-- adds `cost` nano-USD to `day`'s spend, clamped to 2^53 (exact in a double, ~$9M a day);
-- nothing when the stored day is later (a lease released after midnight)
local function spend_add(K, user, day, cost)
  if not K.spend or cost <= 0 then return end
  local d, stored = spend_entry(K, user)
  if d and d > day then return end
  local total = math.min((d == day and stored or 0) + cost, 9007199254740992)
  redis.call('HSET', K.spend, user, string.format('%d|%d', day, total))
end

-- the id of the quotas and spend Redis holds, made when first asked for: it changes when
-- Redis loses its data, and a replica whose usage went into another id replays its usage of
-- the day into this one (sl_replay). nil for the keys of an older replica (no usage hash).
local function usage_id(K)
  if not K.usage then return nil end
  local id = redis.call('HGET', K.usage, 'id')
  if id then return id end
  id = time_id()
  redis.call('HSET', K.usage, 'id', id)
  return id
end

-- the user's daily quota: nil when it admits `tok` more tokens, else the limit it hits, what
-- is used of it, and 'cost' for the spending limit (dcost, nano-USD; -1 or nil: none)
local function quota_block(K, user, day, dreq, dtok, tok, dcost)
  local r, t = quota_of(K, user, day)
  if dreq >= 0 and r >= dreq then return dreq, r end
  if dtok >= 0 and t + tok > dtok then return dtok, t end
  if dcost and dcost >= 0 then
    local cost = spend_of(K, user, day)
    if cost >= dcost then return dcost, cost, 'cost' end
  end
  return nil
end

-- adds `delta` tokens to the window's sum. Never HINCRBY by a negated 0: Lua's -0 becomes
-- "-0", which Redis refuses, and a function that fails stops half-way (no rollback).
local function add_window_tokens(K, delta)
  if delta ~= 0 then redis.call('HINCRBY', K.st, 'tpm_sum', delta) end
end

local function prune_windows(K, now)
  redis.call('ZREMRANGEBYSCORE', K.rpm, '-inf', now - WINDOW_MS)
  local old = redis.call('ZRANGEBYSCORE', K.tpm, '-inf', now - WINDOW_MS, 'LIMIT', 0, STEP_LIMIT)
  for _, id in ipairs(old) do
    local tok = num(redis.call('HGET', K.tpmtok, id), 0)
    redis.call('HDEL', K.tpmtok, id)
    redis.call('ZREM', K.tpm, id)
    add_window_tokens(K, -tok)
  end
end

-- the first pool-wide limit that holds back a request needing `slot` and `tok`, or nil
local function pool_block(K, c, slot, tok)
  if c.paused then return 'POOL_PAUSED' end
  if c.paused_until > c.now then return 'UPSTREAM_THROTTLED' end
  if slot and num(redis.call('HGET', K.st, 'inuse'), 0) >= c.maxc then
    return 'POOL_CONCURRENCY'
  end
  if redis.call('ZCARD', K.rpm) >= c.rpm then return 'REQUESTS_PER_MINUTE' end
  local sum = num(redis.call('HGET', K.st, 'tpm_sum'), 0)
  if sum > 0 and sum + tok > c.tpm then return 'TOKENS_PER_MINUTE' end
  return nil
end

-- when a window (or the upstream's pause) frees the blocking reason; nil when only a
-- release can help
local function window_free_at(K, c, reason)
  if reason == 'UPSTREAM_THROTTLED' then return c.paused_until end
  local key = (reason == 'REQUESTS_PER_MINUTE' and K.rpm) or
              (reason == 'TOKENS_PER_MINUTE' and K.tpm) or nil
  if not key then return nil end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if #oldest == 0 then return nil end
  return tonumber(oldest[2]) + WINDOW_MS
end

local function needs_slot(K, ctx)
  return ctx == '' or num(redis.call('HGET', K.ctx, ctx), 0) <= 0
end

local function user_full(K, user, umax)
  return umax >= 0 and num(redis.call('HGET', K.ucnt, user), 0) >= umax
end

-- writes a lease and takes every counter: slot (context once), user count, both windows,
-- the daily quota. info: u user, c ctx, t tokens, o owner, r req id, day, s started.
local function take_lease(K, c, id, info, now)
  if info.c == '' then
    redis.call('HINCRBY', K.st, 'inuse', 1)
  elseif redis.call('HINCRBY', K.ctx, info.c, 1) == 1 then
    redis.call('HINCRBY', K.st, 'inuse', 1)
  end
  redis.call('HINCRBY', K.ucnt, info.u, 1)
  redis.call('ZADD', K.rpm, now, id)
  redis.call('ZADD', K.tpm, now, id)
  redis.call('HSET', K.tpmtok, id, info.t)
  add_window_tokens(K, info.t)
  quota_add(K, info.u, info.day, 1, info.t)
  info.g = now
  redis.call('ZADD', K.leases, now + c.idle, id)
  redis.call('HSET', K.linfo, id, cjson.encode(info))
end

-- gives back what a request took from the windows and the quota (never-started or refunded)
local function refund_usage(K, id, info)
  redis.call('ZREM', K.rpm, id)
  if redis.call('ZREM', K.tpm, id) == 1 then
    add_window_tokens(K, -num(redis.call('HGET', K.tpmtok, id), 0))
    redis.call('HDEL', K.tpmtok, id)
  end
  quota_add(K, info.u, info.day, -1, -info.t)
end

-- moves the user's oldest parked ticket back into the queue at its original score
local function unpark_user(K, user)
  local found = redis.call('ZRANGEBYLEX', K.park, '[' .. user .. '|', '[' .. user .. '|\255',
                           'LIMIT', 0, 1)
  if #found == 0 then return end
  local _, score, id = string.match(found[1], '^(.*)|([^|]*)|([^|]*)$')
  redis.call('ZREM', K.park, found[1])
  redis.call('ZADD', K.q, tonumber(score), id)
end

local function park_member(user, score, id)
  return string.format('%s|%017d|%s', user, score, id)
end

-- ends a lease: frees its slot, user count and (refund) its usage; a missing lease is a no-op
local function end_lease(K, id, refund)
  local raw = redis.call('HGET', K.linfo, id)
  if not raw then return nil end
  local info = cjson.decode(raw)
  redis.call('ZREM', K.leases, id)
  redis.call('HDEL', K.linfo, id)
  if info.c == '' or redis.call('HINCRBY', K.ctx, info.c, -1) <= 0 then
    if info.c ~= '' then redis.call('HDEL', K.ctx, info.c) end
    redis.call('HINCRBY', K.st, 'inuse', -1)
  end
  if redis.call('HINCRBY', K.ucnt, info.u, -1) <= 0 then redis.call('HDEL', K.ucnt, info.u) end
  if refund then refund_usage(K, id, info) end
  unpark_user(K, info.u)
  return info
end
