-- Forgets an operation if its revision is still the one the caller read, with its index entries, and appends the
-- removal to the change feed, in one step.
-- KEYS: 1 operation, 2 state index, 3 state+tenant index, 4 active counts, 5 expiries, 6 feed, 7 history
-- ARGV: 1 expected revision, 2 member, 3 backend, 4 active (1/0), 5 id, 6 tenant, 7 operation for the feed (JSON),
--       8 feed length to keep, 9 count field, 10... the count hashes of its scopes
-- Answers {1, cursor} when removed, {0} on a concurrent write, {-1} when the operation is gone.
local _, refused = readRevision(KEYS[1], ARGV[1])
if refused then
  return refused
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
if ARGV[4] == '1' then
  redis.call('HINCRBY', KEYS[4], ARGV[3], -1)
end
redis.call('ZREM', KEYS[5], ARGV[5])
redis.call('DEL', KEYS[7])
-- The count hashes are named by the scopes' keys, all under the same hash tag as KEYS.
for i = 10, #ARGV do
  count(ARGV[i], ARGV[9], -1)
end
local cursor = redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[8], '*', 't', ARGV[6], 'r', '1', 'o', ARGV[7])
return {1, cursor}
