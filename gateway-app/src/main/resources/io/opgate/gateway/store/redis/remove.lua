-- Forgets an operation if its revision is still the one the caller read, with its index entries, and appends the
-- removal to the change feed, in one step.
-- KEYS: 1 operation, 2 state index, 3 state+tenant index, 4 active counts, 5 expiries, 6 feed
-- ARGV: 1 expected revision, 2 member, 3 backend, 4 active (1/0), 5 id, 6 tenant, 7 operation for the feed (JSON),
--       8 feed length to keep
-- Answers {1, cursor} when removed, {0} on a concurrent write, {-1} when the operation is gone.
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then
  return {-1}
end
if rev ~= ARGV[1] then
  return {0}
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
if ARGV[4] == '1' then
  redis.call('HINCRBY', KEYS[4], ARGV[3], -1)
end
redis.call('ZREM', KEYS[5], ARGV[5])
local cursor = redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[8], '*', 't', ARGV[6], 'r', '1', 'o', ARGV[7])
return {1, cursor}
