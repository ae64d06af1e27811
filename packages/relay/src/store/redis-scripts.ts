/**
 * Lua scripts of the Redis store: each runs atomically on the server, which is what makes a
 * transition (compare version, write session, append event, queue webhook, index refs, publish) one
 * step for every relay instance sharing the Redis. Keys are passed in KEYS; the event's seq is
 * assigned inside the script (LLEN + 1) and spliced between a prefix and a rest so no JSON library
 * is needed in Lua. The event is PUBLISHed from inside the script, so every instance receives a
 * session's events in commit order.
 */

/**
 * KEYS: 1 session hash, 2 events list, 3 active set, 4 counts hash, 5 terminal-by-updatedAt zset,
 *       6 by-expiresAt zset, 7 session refs set, 8.. ref keys
 * ARGV: 1 id, 2 json, 3 status, 4 terminal ('1'|'0'), 5 updatedMs, 6 expiresMs, 7 event prefix,
 *       8 event rest, 9 channel, 10 instance id, 11 version
 * → 1 created | 0 exists
 */
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'version', ARGV[11], 'status', ARGV[3])
local event = ARGV[7] .. '1' .. ARGV[8]
redis.call('RPUSH', KEYS[2], event)
redis.call('HINCRBY', KEYS[4], ARGV[3], 1)
if ARGV[4] == '1' then redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1]) else redis.call('SADD', KEYS[3], ARGV[1]) end
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
for i = 8, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  redis.call('SADD', KEYS[7], KEYS[i])
end
redis.call('PUBLISH', ARGV[9], ARGV[10] .. '|' .. event)
return 1
`;

/**
 * KEYS: 1 session hash, 2 events list, 3 active set, 4 counts hash, 5 terminal-by-updatedAt zset,
 *       6 by-expiresAt zset, 7 session refs set, 8 webhook due zset, 9 webhook jobs hash,
 *       10 session webhooks set, 11.. ref keys
 * ARGV: 1 id, 2 expected version, 3 json, 4 status, 5 terminal, 6 updatedMs, 7 expiresMs,
 *       8 event prefix ('' = no event), 9 event rest, 10 job id ('' = none), 11 job json, 12 job due ms,
 *       13 channel, 14 instance id
 * → {1, seq} applied | {0} not found | {-1, current json} version conflict
 */
export const TRANSITION = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return {0} end
if version ~= ARGV[2] then return {-1, redis.call('HGET', KEYS[1], 'json')} end
local old = redis.call('HGET', KEYS[1], 'status')
redis.call('HSET', KEYS[1], 'json', ARGV[3], 'version', tostring(tonumber(ARGV[2]) + 1), 'status', ARGV[4])
if old ~= ARGV[4] then
  redis.call('HINCRBY', KEYS[4], old, -1)
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
end
if ARGV[5] == '1' then
  redis.call('SREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
else
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[5], ARGV[1])
end
redis.call('ZADD', KEYS[6], ARGV[7], ARGV[1])
local seq = 0
if ARGV[8] ~= '' then
  seq = redis.call('LLEN', KEYS[2]) + 1
  local event = ARGV[8] .. tostring(seq) .. ARGV[9]
  redis.call('RPUSH', KEYS[2], event)
  redis.call('PUBLISH', ARGV[13], ARGV[14] .. '|' .. event)
end
if ARGV[10] ~= '' and redis.call('HEXISTS', KEYS[9], ARGV[10]) == 0 then
  redis.call('HSET', KEYS[9], ARGV[10], ARGV[11])
  redis.call('ZADD', KEYS[8], ARGV[12], ARGV[10])
  redis.call('SADD', KEYS[10], ARGV[10])
end
for i = 11, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  redis.call('SADD', KEYS[7], KEYS[i])
end
return {1, seq}
`;

/**
 * Deletes one session and everything it owns.
 * KEYS: 1 session hash, 2 events list, 3 blobs hash, 4 session refs set, 5 active set, 6 counts hash,
 *       7 terminal-by-updatedAt zset, 8 by-expiresAt zset, 9 session webhooks set, 10 webhook due zset,
 *       11 webhook jobs hash, 12 webhook attempts hash
 * ARGV: 1 id
 */
export const PURGE_ONE = `
local status = redis.call('HGET', KEYS[1], 'status')
if status then redis.call('HINCRBY', KEYS[6], status, -1) end
for _, key in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
for _, job in ipairs(redis.call('SMEMBERS', KEYS[9])) do
  redis.call('ZREM', KEYS[10], job)
  redis.call('HDEL', KEYS[11], job)
  redis.call('HDEL', KEYS[12], job)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[9])
redis.call('SREM', KEYS[5], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
return status and 1 or 0
`;

/** KEYS: 1 session hash, 2 session refs set, 3.. ref keys; ARGV: 1 id */
export const ADD_REFS = `
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  redis.call('SADD', KEYS[2], KEYS[i])
end
return 1
`;

/** KEYS: 1 due zset, 2 attempts hash; ARGV: 1 job id, 2 attempt, 3 due ms */
export const RESCHEDULE = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
return 1
`;

/**
 * Claims due members of a schedule zset (polls or webhook jobs) with a lease: their score becomes the
 * lease end, so only this caller gets them until it runs out.
 * KEYS: 1 zset; ARGV: 1 now ms, 2 lease end ms, 3 limit → ids
 */
export const CLAIM_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return ids
`;

/** KEYS: 1 poll zset; ARGV: 1 id, 2 lease end ms, 3 next due ms → 1 released | 0 lease lost */
export const RELEASE_POLL = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0
`;

/**
 * Sliding-window limit: one zset of hit times per key, trimmed to the window.
 * KEYS: 1 hits zset; ARGV: 1 now ms, 2 window ms, 3 limit, 4 unique member → 0 | ms until a slot frees
 */
export const RATE_HIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;
