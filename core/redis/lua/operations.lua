-- Part 4 of 4: what operators and the proxy do to a pool, shared by every replica.

-- ARGV: op (pause, resume, drain, purge), actor. pause: stop granting, keep queueing;
-- resume: grant again and accept again (ends a drain); drain: refuse new requests, let the
-- queued and running finish; purge: drop waiting tickets with QUEUE_PURGED, at most
-- STEP_LIMIT per call (`remaining` says how many are left: call again). Each op is an event.
register('sl_op', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local op, actor = args[1], args[2] or ''
  local out = {status = 'ok', op = op}
  if op == 'pause' then
    redis.call('HSET', K.st, 'paused', '1')
  elseif op == 'resume' then
    redis.call('HSET', K.st, 'paused', '0', 'draining', '0')
    c.paused, c.draining = false, false
    out.granted = grant_waiting(K, c, now)
  elseif op == 'drain' then
    redis.call('HSET', K.st, 'draining', '1')
  elseif op == 'purge' then
    local purged = 0
    for _, queue in ipairs({K.q, K.park}) do
      if purged >= STEP_LIMIT then break end
      local members = redis.call('ZRANGE', queue, 0, STEP_LIMIT - purged - 1)
      for _, member in ipairs(members) do
        local id = queue == K.park and string.match(member, '|([^|]*)$') or member
        local t = ticket_info(K, id)
        if t then drop_ticket(K, c, id, t, 'QUEUE_PURGED') else redis.call('ZREM', queue, member) end
        purged = purged + 1
      end
    end
    out.purged = purged
    out.remaining = redis.call('ZCARD', K.q) + redis.call('ZCARD', K.park)
  else
    return reply({status = 'error', reason = 'INVALID_REQUEST', message = 'unknown op ' .. tostring(op)})
  end
  event(K, c, 'op', op, actor, '')
  return reply(out)
end)

-- ARGV: ms. An upstream answered 429 with Retry-After: the whole pool waits, on every
-- replica, until the later of the current pause and now + ms.
register('sl_pause_until', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local untilMs = now + math.max(0, num(args[1], 0))
  if untilMs > c.paused_until then
    redis.call('HSET', K.st, 'paused_until', untilMs)
    c.paused_until = untilMs
  end
  return reply({status = 'ok', paused_until = c.paused_until})
end)

-- ARGV: ticket or lease id, new owner replica, [only if its owner is this replica]. A
-- client resumes its request on another replica: its events go to the new owner from now on,
-- and a `claim` event (the previous owner in `reason`) tells the previous owner to forget
-- it. remaining_ms: a ticket's time left before its deadline. A restarted replica asks for
-- its own requests with the third argument: one another replica holds now stays there
-- (claimed false, its owner given); an unknown id is claimed false with no owner.
register('sl_claim', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local id, owner, only_from = args[1], args[2], args[3] or ''
  for _, hash in ipairs({K.tinfo, K.linfo}) do
    local raw = redis.call('HGET', hash, id)
    if raw then
      local info = cjson.decode(raw)
      local previous = info.o or ''
      if only_from ~= '' and previous ~= only_from then
        return reply({status = 'ok', claimed = false, owner = previous})
      end
      info.o = owner
      redis.call('HSET', hash, id, cjson.encode(info))
      if previous ~= owner then event(K, c, 'claim', id, owner, previous) end
      return reply({status = 'ok', claimed = true, granted = hash == K.linfo,
                    remaining_ms = info.d and math.max(0, info.d - now) or 0})
    end
  end
  return reply({status = 'ok', claimed = false})
end)

-- The deployment's configuration: one JSON document every replica applies (SCALEOUT.md,
-- "a config change on one replica must reach all"). KEYS: {S}:config (a hash: ver, doc,
-- replica, actor) and {S}:events. The document is opaque here; replicas validate it.

-- ARGV: none. The document and its version; ver 0: there is none yet.
register_ro('sl_config_doc', function(keys, args)
  local v = redis.call('HMGET', keys[1], 'ver', 'doc', 'replica', 'actor')
  return reply({status = 'ok', ver = num(v[1], 0), doc = v[2] or '', replica = v[3] or '',
                actor = v[4] or ''})
end)

-- ARGV: the version the caller's document replaces, the document, replica, actor. Writes
-- version expected + 1 and tells every replica (a `config` event); STALE_CONFIG when the
-- stored version is not `expected` (another replica wrote one since).
register('sl_config_publish', function(keys, args)
  local current = num(redis.call('HGET', keys[1], 'ver'), 0)
  local expected = num(args[1], -1)
  if expected ~= current then
    return reply({status = 'error', reason = 'STALE_CONFIG', cfgver = current})
  end
  if args[2] == nil or args[2] == '' then
    return reply({status = 'error', reason = 'INVALID_REQUEST', message = 'empty document'})
  end
  local ver = current + 1
  redis.call('HSET', keys[1], 'ver', ver, 'doc', args[2], 'replica', args[3] or '',
             'actor', args[4] or '')
  redis.call('XADD', keys[2], 'MAXLEN', '~', EVENTS_MAXLEN, '*', 'type', 'config', 'pool', '',
             'id', ver, 'owner', args[3] or '', 'reason', '')
  return reply({status = 'ok', ver = ver})
end)

-- ARGV: the usage id Redis holds as the replica read it, replica, part, day, day_offset_ms,
-- then (user, requests, tokens, cost in nano-USD) for each user. Redis lost the usage the
-- replica counted today (its usage id changed): adds the replica's finished usage of `day`
-- to the quotas and spend again. Once per replica and part in each usage id, so a part sent
-- again adds nothing; nothing when the day is over in Redis's time; refused with the id it
-- holds now when it is not the one the replica read (lost again). Bounded by the arguments
-- (a replica sends at most 200 users a call).
register('sl_replay', function(keys, args)
  local K, c, now, err = begin(keys, nil)
  if err then return err end
  local id = usage_id(K)
  if not id or id ~= args[1] then
    return reply({status = 'rejected', reason = 'OTHER_USAGE', usage_id = id})
  end
  local day, doff = num(args[4], -1), num(args[5], 0)
  if math.floor((now - doff) / DAY_MS) ~= day then
    return reply({status = 'ok', replayed = 0, usage_id = id, other_day = true})
  end
  if redis.call('HSETNX', K.usage, 'replayed|' .. args[2] .. '|' .. args[3], now) == 0 then
    return reply({status = 'ok', replayed = 0, usage_id = id, again = true})
  end
  local users = 0
  for i = 6, #args - 3, 4 do
    quota_add(K, args[i], day, num(args[i + 1], 0), num(args[i + 2], 0))
    spend_add(K, args[i], day, num(args[i + 3], 0))
    users = users + 1
  end
  return reply({status = 'ok', replayed = users, usage_id = id})
end)

-- The deployment's API keys (`{S}:keys`, RedisKeyRegistry): every replica's keys, merged.
-- KEYS: the keys hash, the event stream. ARGV: the version the caller holds ('' none; '-':
-- send no keys back), then one key per argument as JSON {id, name, role, hash (hex SHA-256),
-- created_at, revoked_at}. A key not stored is added; a revocation is kept, and a key is
-- never valid again. Any change makes a new version (Redis TIME, unique) and a `keys` event.
-- Answers the version, and every key when the caller's is another. Bounded by the arguments
-- (a replica sends at most 100 keys a call) and the number of keys (a deployment has few:
-- they are made by hand).
register('sl_keys', function(keys, args)
  local changed = false
  for i = 2, #args do
    local ok, row = pcall(cjson.decode, args[i])
    if ok and type(row) == 'table' and type(row.id) == 'string' and row.id ~= '' and
       string.sub(row.id, 1, 1) ~= '~' and type(row.hash) == 'string' then
      local stored = redis.call('HGET', keys[1], row.id)
      if not stored then
        redis.call('HSET', keys[1], row.id, args[i])
        changed = true
      elseif num(row.revoked_at, 0) > 0 then
        local good, s = pcall(cjson.decode, stored)
        if not good or type(s) ~= 'table' then s = {id = row.id} end -- a damaged entry: replaced
        if num(s.revoked_at, 0) == 0 and (s.hash == nil or s.hash == row.hash) then
          s = s.hash and s or row
          s.revoked_at = row.revoked_at
          redis.call('HSET', keys[1], row.id, cjson.encode(s))
          changed = true
        end
      end
    end
  end
  local ver = redis.call('HGET', keys[1], '~ver') or ''
  if changed or ver == '' then
    ver = time_id()
    redis.call('HSET', keys[1], '~ver', ver)
    if changed then
      redis.call('XADD', keys[2], 'MAXLEN', '~', EVENTS_MAXLEN, '*', 'type', 'keys', 'pool', '',
                 'id', ver, 'owner', '', 'reason', '')
    end
  end
  if ver == args[1] or args[1] == '-' then return reply({status = 'ok', ver = ver}) end
  local all, list = redis.call('HGETALL', keys[1]), {}
  for i = 1, #all, 2 do
    if all[i] ~= '~ver' then list[#list + 1] = all[i + 1] end
  end
  return reply({status = 'ok', ver = ver, keys = list, count = #list})
end)
