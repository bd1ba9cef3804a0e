-- Stores a new operation unless its key exists, with its index entries and its change-feed entry, in one step.
-- KEYS: 1 operation, 2 index of its state, 3 index of its state and tenant, 4 active counts, 5 expiries, 6 feed,
--       7 history
-- ARGV: 1 document, 2 backend, 3 labels (JSON), 4 index member, 5 active (1/0), 6 expires-at millis or '',
--       7 id, 8 tenant, 9 operation for the feed (JSON), 10 feed length to keep, 11 first history entry (JSON) or '',
--       12 history entries to keep, 13 count field, 14... the count hashes of its scopes
-- Answers {1, cursor} when stored, {0, revision, document} when the operation existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  local existing = redis.call('HMGET', KEYS[1], 'rev', 'doc')
  return {0, existing[1], existing[2]}
end
redis.call('HSET', KEYS[1], 'rev', 1, 'doc', ARGV[1], 'backend', ARGV[2], 'labels', ARGV[3], 'member', ARGV[4])
redis.call('ZADD', KEYS[2], 0, ARGV[4])
redis.call('ZADD', KEYS[3], 0, ARGV[4])
if ARGV[5] == '1' then
  redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
end
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[7])
end
if ARGV[11] ~= '' then
  redis.call('RPUSH', KEYS[7], ARGV[11])
  redis.call('LTRIM', KEYS[7], -tonumber(ARGV[12]), -1)
end
-- The count hashes are named by the scopes' keys, all under the same hash tag as KEYS.
for i = 14, #ARGV do
  redis.call('HINCRBY', ARGV[i], ARGV[13], 1)
end
local cursor = redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[10], '*', 't', ARGV[8], 'r', '0', 'o', ARGV[9])
return {1, cursor}
