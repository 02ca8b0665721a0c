-- Part 2 of 4: the queue. Score = enqueue ms - the tier's boost: higher tiers go first,
-- FIFO within a tier, and a ticket that waited longer than the boost difference passes a
-- newer higher-tier one (linear aging). Ties break on the zero-padded id. Tickets held only
-- by their own user's concurrency wait in `park` and do not block others.

local function ticket_info(K, id)
  local raw = redis.call('HGET', K.tinfo, id)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function remove_ticket(K, id, t)
  redis.call('ZREM', K.q, id)
  redis.call('ZREM', K.park, park_member(t.u, t.sc, id))
  redis.call('ZREM', K.tdl, id)
  redis.call('HDEL', K.tinfo, id)
end

local function drop_ticket(K, c, id, t, reason)
  remove_ticket(K, id, t)
  event(K, c, 'drop', id, t.o, reason)
end

-- 1-based place in the queue; a parked ticket gets the place it will have when unparked
local function position_of(K, id, t)
  local rank = redis.call('ZRANK', K.q, id)
  if rank then return rank + 1 end
  return redis.call('ZCOUNT', K.q, '-inf', '(' .. t.sc) + 1
end

-- expired leases (refunded when never started), tickets past their deadline: bounded
local function sweep(K, c, now)
  local expired = redis.call('ZRANGEBYSCORE', K.leases, '-inf', now, 'LIMIT', 0, STEP_LIMIT)
  for _, id in ipairs(expired) do
    local raw = redis.call('HGET', K.linfo, id)
    local started = raw and cjson.decode(raw).s == 1
    local info = end_lease(K, id, not started)
    if info then event(K, c, 'expire', id, info.o, 'LEASE_EXPIRED') end
  end
  local late = redis.call('ZRANGEBYSCORE', K.tdl, '-inf', now, 'LIMIT', 0, STEP_LIMIT)
  for _, id in ipairs(late) do
    local t = ticket_info(K, id)
    if t then drop_ticket(K, c, id, t, 'TIMEOUT') else redis.call('ZREM', K.tdl, id) end
  end
  local stale = redis.call('ZRANGEBYSCORE', K.idemx, '-inf', now, 'LIMIT', 0, STEP_LIMIT)
  for _, req in ipairs(stale) do
    redis.call('HDEL', K.idem, req)
    redis.call('ZREM', K.idemx, req)
  end
  prune_windows(K, now)
end

-- grants waiting head tickets while the pool allows, at most STEP_LIMIT steps; one grant
-- event each, for the replica that owns the ticket. Returns {granted ids}, blocking reason.
local function grant_waiting(K, c, now)
  local granted = {}
  for _ = 1, STEP_LIMIT do
    local head = redis.call('ZRANGE', K.q, 0, 0)
    if #head == 0 then return granted, nil end
    local id = head[1]
    local t = ticket_info(K, id)
    local day = t and math.floor((now - t.doff) / DAY_MS)
    if not t then
      redis.call('ZREM', K.q, id)
    elseif user_full(K, t.u, t.um) then
      redis.call('ZREM', K.q, id)
      redis.call('ZADD', K.park, 0, park_member(t.u, t.sc, id))
    elseif quota_block(K, t.u, day, t.dr, t.dt, t.t, t.dc) then
      drop_ticket(K, c, id, t, 'USER_LIMIT_EXCEEDED')
    else
      local blocked = pool_block(K, c, needs_slot(K, t.c), t.t)
      if blocked then return granted, blocked end
      remove_ticket(K, id, t)
      take_lease(K, c, id, {u = t.u, c = t.c, t = t.t, o = t.o, r = t.r, day = day, s = 0}, now)
      event(K, c, 'grant', id, t.o, '')
      granted[#granted + 1] = id
    end
  end
  return granted, nil
end

-- the earliest time something may change without a call: a lease expiry, a ticket
-- deadline, or a window sliding under a blocked head; -1 for nothing
local function next_wake(K, c, blocked)
  local wake = -1
  local function consider(ms)
    if ms and (wake < 0 or ms < wake) then wake = ms end
  end
  local first = redis.call('ZRANGE', K.leases, 0, 0, 'WITHSCORES')
  if #first > 0 then consider(tonumber(first[2])) end
  first = redis.call('ZRANGE', K.tdl, 0, 0, 'WITHSCORES')
  if #first > 0 then consider(tonumber(first[2])) end
  consider(window_free_at(K, c, blocked))
  return wake
end

-- an estimate of the wait for `position`: the measured release interval times the place,
-- never sooner than a full window frees; nil while the pool is paused or nothing is known
local function eta_ms(K, c, position, blocked, now)
  if c.paused then return nil end
  local interval = num(redis.call('HGET', K.st, 'drain_ms'), 0)
  local free = window_free_at(K, c, blocked)
  if interval <= 0 and not free then return nil end  -- nothing measured yet
  local eta = position * interval
  if free and free - now > eta then eta = free - now end
  return math.floor(eta)
end
