// Lua runs atomically on the server: no other client sees a half-done take or rotate.

/**
 * KEYS[1] attempts list; ARGV[1] entry prefix (`<stateHash>.`).
 * Removes and returns the first entry with that prefix, or nil.
 */
export const TAKE_ATTEMPT = `
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
for _, entry in ipairs(entries) do
  if string.sub(entry, 1, #ARGV[1]) == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, entry)
    return entry
  end
end
return false
`;

/**
 * One Redis (not Cluster: the keys of two session ids are in different slots).
 * KEYS[1] old attempts, KEYS[2] new attempts, KEYS[3] old session.
 * Moves the attempts list (keeping its TTL, replacing any at the new id) and deletes the old session.
 */
export const ROTATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
end
redis.call('DEL', KEYS[3])
return 1
`;

/**
 * Cluster rotate, step 1 (one slot: both keys carry the old id's hash tag).
 * KEYS[1] old attempts, KEYS[2] old session. Deletes both and returns
 * `{ttl ms of the attempts (-2 when absent), entry...}`.
 */
export const TAKE_ALL = `
local ttl = redis.call('PTTL', KEYS[1])
local result = { ttl }
if ttl ~= -2 then
  for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
    result[#result + 1] = entry
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return result
`;

/**
 * Cluster rotate, step 2. KEYS[1] new attempts; ARGV[1] TTL in ms, ARGV[2..] entries.
 * Replaces the list with the entries and sets its TTL.
 */
export const PLACE_ATTEMPTS = `
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

/**
 * KEYS[1] the lifetimes sorted set; ARGV[1] now (epoch ms), ARGV[2] how many at most.
 * Removes and returns the ids whose lifetime has ended, so each goes to one caller only.
 */
export const TAKE_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
if #ids > 0 then
  redis.call('ZREM', KEYS[1], unpack(ids))
end
return ids
`;
