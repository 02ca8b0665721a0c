-- Part 3 of 4: the functions, each one atomic round trip. Answers are JSON objects.
-- Pool functions check the caller's config version: a mismatch answers STALE_CONFIG.

local function reply(t) return cjson.encode(t) end

local function begin(keys, cfgver)
  local K = keys_of(keys)
  local c = cfg(K)
  if c.ver < 0 then return K, c, nil, reply({status = 'error', reason = 'NO_CONFIG'}) end
  if cfgver and tonumber(cfgver) ~= c.ver then
    return K, c, nil, reply({status = 'error', reason = 'STALE_CONFIG', cfgver = c.ver})
  end
  local now = now_ms(K)
  c.now = now
  sweep(K, c, now)
  return K, c, now, nil
end

-- what an earlier call with the same request id made of it, as it stands now
local function describe(K, c, id, now)
  if redis.call('HEXISTS', K.linfo, id) == 1 then
    return {status = 'granted', id = id, replay = true}
  end
  local t = ticket_info(K, id)
  if t then
    local pos = position_of(K, id, t)
    return {status = 'queued', id = id, position = pos, replay = true,
            eta_ms = eta_ms(K, c, pos, nil, now)}
  end
  return {status = 'rejected', reason = 'UNKNOWN_REQUEST', id = id, replay = true}
end

-- ARGV: version, name, max_concurrent, rpm, tpm, max_queue, queue_timeout_ms, lease_idle_ms.
-- Limits equal to the stored ones keep the stored version (every replica pushes the limits
-- of a configuration it adopted: that is no change, and must not make the others stale).
register('sl_config', function(keys, args)
  local K = keys_of(keys)
  local ver = tonumber(args[1])
  local c = cfg(K)
  local current = c.ver
  if ver < current then return reply({status = 'error', reason = 'STALE_CONFIG', cfgver = current}) end
  if current >= 0 and c.name == args[2] and c.maxc == num(args[3]) and c.rpm == num(args[4]) and
     c.tpm == num(args[5]) and c.maxq == num(args[6]) and c.qto == num(args[7]) and
     c.idle == num(args[8]) then
    return reply({status = 'ok', cfgver = current})
  end
  redis.call('HSET', K.st, 'cfgver', ver, 'name', args[2], 'maxc', args[3], 'rpm', args[4],
             'tpm', args[5], 'maxq', args[6], 'qto', args[7], 'idle', args[8])
  redis.call('HSETNX', K.st, 'epoch', time_id())
  return reply({status = 'ok', cfgver = ver})
end)

-- ARGV: cfgver, req_id, user, boost_ms, user_max_concurrent, daily_requests, daily_tokens,
-- ctx, tokens, wait (0/1), timeout_ms (0: the pool's), owner, day_offset_ms,
-- daily_cost_nano_usd, waited_ms (how long the request already waited on its replica while
-- Redis was out: it queues as if it had come then). -1: unlimited.
register('sl_admit', function(keys, args)
  local K, c, now, err = begin(keys, args[1])
  if err then return err end
  local req, user, boost = args[2], args[3], num(args[4], 0)
  local umax, dreq, dtok = num(args[5], -1), num(args[6], -1), num(args[7], -1)
  local ctx, tok, wait = args[8] or '', num(args[9], 0), args[10] == '1'
  local timeout, owner, doff = num(args[11], 0), args[12] or '', num(args[13], 0)
  local dcost, waited = num(args[14], -1), math.max(0, num(args[15], 0))
  if c.draining then return reply({status = 'rejected', reason = 'POOL_DRAINING'}) end
  grant_waiting(K, c, now)
  local seen = redis.call('HGET', K.idem, req)
  if seen then return reply(describe(K, c, seen, now)) end

  local day = math.floor((now - doff) / DAY_MS)
  local reset = (day + 1) * DAY_MS + doff
  local limit, used, kind = quota_block(K, user, day, dreq, dtok, tok, dcost)
  if limit then
    return reply({status = 'rejected', reason = 'USER_LIMIT_EXCEEDED', limit = limit, kind = kind,
                  remaining = math.max(0, limit - used), reset_at = reset, retry_after_ms = reset - now})
  end
  local score = now - waited - boost
  local head = redis.call('ZRANGE', K.q, 0, 0, 'WITHSCORES')
  local reason
  if user_full(K, user, umax) then
    reason = 'USER_CONCURRENCY'
  else
    reason = pool_block(K, c, needs_slot(K, ctx), tok)
    if not reason and #head > 0 and tonumber(head[2]) <= score then reason = 'QUEUED_BEHIND' end
  end
  if not reason then
    local id = new_id(K)
    take_lease(K, c, id, {u = user, c = ctx, t = tok, o = owner, r = req, day = day, s = 1}, now)
    redis.call('HSET', K.idem, req, id)
    redis.call('ZADD', K.idemx, now + IDEM_TTL_MS, req)
    local r = quota_of(K, user, day)
    return reply({status = 'granted', id = id, limit = dreq, inuse = num(redis.call('HGET', K.st, 'inuse'), 0),
                  remaining = dreq >= 0 and (dreq - r) or -1, reset_at = reset})
  end
  local blocker = reason == 'QUEUED_BEHIND' and pool_block(K, c, true, tok) or reason
  local free = window_free_at(K, c, blocker)
  local retry = free and math.max(1, free - now) or 1000
  if not wait then
    return reply({status = 'rejected', reason = 'RATE_LIMITED', held_by = reason, retry_after_ms = retry})
  end
  if redis.call('ZCARD', K.q) + redis.call('ZCARD', K.park) >= c.maxq then
    return reply({status = 'rejected', reason = 'QUEUE_FULL', retry_after_ms = retry})
  end
  local id = new_id(K)
  local wait_ms = math.max(1, ((timeout > 0 and timeout < c.qto) and timeout or c.qto) - waited)
  local t = {u = user, c = ctx, t = tok, o = owner, r = req, sc = score, d = now + wait_ms,
             um = umax, dr = dreq, dt = dtok, dc = dcost, doff = doff, e = now - waited}
  redis.call('HSET', K.tinfo, id, cjson.encode(t))
  redis.call('ZADD', K.tdl, t.d, id)
  if reason == 'USER_CONCURRENCY' then
    redis.call('ZADD', K.park, 0, park_member(user, score, id))
  else
    redis.call('ZADD', K.q, score, id)
  end
  redis.call('HSET', K.idem, req, id)
  redis.call('ZADD', K.idemx, now + IDEM_TTL_MS, req)
  local pos = position_of(K, id, t)
  return reply({status = 'queued', id = id, reason = reason, position = pos,
                eta_ms = eta_ms(K, c, pos, blocker, now), deadline = t.d})
end)

-- ARGV: lease id, actual tokens (-1: the estimate stands), refund (0/1), cost in nano-USD
-- (the releasing replica prices the usage; counted against the daily spending limit), the
-- releasing replica. Released through a replica that does not own the lease (its client
-- resumed it elsewhere a moment ago): the owner hears a drop, so that it ends its copy.
register('sl_release', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local id, actual, refund, cost = args[1], num(args[2], -1), args[3] == '1', num(args[4], 0)
  local info = end_lease(K, id, refund)
  if info and not refund then spend_add(K, info.u, info.day, cost) end
  if info and args[5] and args[5] ~= '' and info.o and info.o ~= args[5] then
    event(K, c, 'drop', id, info.o, 'RELEASED')
  end
  if info and not refund and actual >= 0 then
    local delta = actual - info.t
    if redis.call('HEXISTS', K.tpmtok, id) == 1 then
      redis.call('HINCRBY', K.tpmtok, id, delta)
      add_window_tokens(K, delta)
    end
    quota_add(K, info.u, info.day, 0, delta)
  end
  if info then
    local last = num(redis.call('HGET', K.st, 'last_release'), 0)
    if last > 0 then
      local ewma = num(redis.call('HGET', K.st, 'drain_ms'), 0)
      local gap = now - last
      redis.call('HSET', K.st, 'drain_ms', ewma > 0 and (0.8 * ewma + 0.2 * gap) or gap)
    end
    redis.call('HSET', K.st, 'last_release', now)
  end
  local granted = grant_waiting(K, c, now)
  return reply({status = 'ok', released = info ~= nil, granted = granted,
                inuse = num(redis.call('HGET', K.st, 'inuse'), 0)})
end)

-- ARGV: replica id, lease ids... Extends each lease and marks it started; answers the
-- ids it could not find, so that their owner aborts them.
register('sl_heartbeat', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  redis.call('ZADD', K.replicas, now, args[1])
  local missing = {}
  for i = 2, #args do
    local raw = redis.call('HGET', K.linfo, args[i])
    if raw then
      redis.call('ZADD', K.leases, 'XX', now + c.idle, args[i])
      local info = cjson.decode(raw)
      if info.s ~= 1 then
        info.s = 1
        redis.call('HSET', K.linfo, args[i], cjson.encode(info))
      end
    else
      missing[#missing + 1] = args[i]
    end
  end
  return reply({status = 'ok', missing = missing})
end)

-- ARGV: replica, day_offset_ms, then (lease id, user, ctx, tokens) for each lease. Registers
-- again the leases Redis lost (a restart without persistence, a failover that dropped
-- writes), with their slot, windows and quota, idempotently by lease id: the replica's calls
-- in flight count again. Bounded by the arguments (the replica sends at most 500 a call).
-- Answers the usage id they now count in (see usage_id).
register('sl_reassert', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local replica, doff = args[1], num(args[2], 0)
  local day = math.floor((now - doff) / DAY_MS)
  local reasserted = 0
  for i = 3, #args - 3, 4 do
    local id = args[i]
    if redis.call('HEXISTS', K.linfo, id) == 0 then
      take_lease(K, c, id, {u = args[i + 1], c = args[i + 2], t = num(args[i + 3], 0),
                            o = replica, r = '', day = day, s = 1}, now)
      reasserted = reasserted + 1
    end
  end
  return reply({status = 'ok', reasserted = reasserted, usage_id = usage_id(K)})
end)

-- ARGV: ticket id. A ticket granted meanwhile is not released here: the answer says so.
register('sl_cancel', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local t = ticket_info(K, args[1])
  if t then
    drop_ticket(K, c, args[1], t, 'CANCELLED')
    return reply({status = 'ok', cancelled = true, granted = grant_waiting(K, c, now)})
  end
  if redis.call('HEXISTS', K.linfo, args[1]) == 1 then
    return reply({status = 'ok', cancelled = false, lease = args[1]})
  end
  return reply({status = 'ok', cancelled = false})
end)

-- Expiries, drops, grants when a window slid; answers when to call again (-1: no need), and
-- the usage id (see usage_id).
register('sl_tick', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local granted, blocked = grant_waiting(K, c, now)
  return reply({status = 'ok', granted = granted, now = now, next_wake_ms = next_wake(K, c, blocked),
                inuse = num(redis.call('HGET', K.st, 'inuse'), 0),
                waiting = redis.call('ZCARD', K.q) + redis.call('ZCARD', K.park),
                rpm_used = redis.call('ZCARD', K.rpm),
                tpm_used = num(redis.call('HGET', K.st, 'tpm_sum'), 0), usage_id = usage_id(K)})
end)

-- ARGV: id. Read only: where a ticket or lease stands.
register_ro('sl_status', function(keys, args)
  local K = keys_of(keys)
  local c = cfg(K)
  c.now = num(redis.call('HGET', K.st, 'last_now'), 0)
  local id = args[1]
  if redis.call('HEXISTS', K.linfo, id) == 1 then return reply({status = 'granted', id = id}) end
  local t = ticket_info(K, id)
  if not t then return reply({status = 'unknown', id = id}) end
  local pos = position_of(K, id, t)
  return reply({status = 'queued', id = id, position = pos, parked = redis.call('ZRANK', K.q, id) == false,
                eta_ms = eta_ms(K, c, pos, nil, c.now)})
end)
