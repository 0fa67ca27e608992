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
