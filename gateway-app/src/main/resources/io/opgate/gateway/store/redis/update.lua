-- Replaces an operation if its revision is still the one the caller read (compare-and-set), moving its index
-- entries and appending its change-feed entry in the same step, so that no reader sees a version without its
-- content or a feed entry without its version.
-- KEYS: 1 operation, 2 old state index, 3 old state+tenant index, 4 new state index, 5 new state+tenant index,
--       6 active counts, 7 expiries, 8 feed, 9 history
-- ARGV: 1 expected revision, 2 document, 3 old member, 4 new member, 5 backend, 6 old active (1/0),
--       7 new active (1/0), 8 old expires-at or '', 9 new expires-at or '', 10 id, 11 tenant,
--       12 operation for the feed (JSON) or '' when the version did not change, 13 feed length to keep, 14 labels,
--       15 history entry (JSON) or '', 16 history entries to keep, 17 old count field, 18 new count field,
--       19 number N of old count hashes, then the N old count hashes, then the new ones (none when the counts stay)
-- Answers {1, cursor or ''} when written, {0} on a concurrent write, {-1} when the operation is gone.
local rev, refused = readRevision(KEYS[1], ARGV[1])
if refused then
  return refused
end
redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'doc', ARGV[2], 'member', ARGV[4], 'labels', ARGV[14])
if ARGV[3] ~= ARGV[4] or KEYS[2] ~= KEYS[4] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZREM', KEYS[3], ARGV[3])
  redis.call('ZADD', KEYS[4], 0, ARGV[4])
  redis.call('ZADD', KEYS[5], 0, ARGV[4])
end
if ARGV[6] ~= ARGV[7] then
  redis.call('HINCRBY', KEYS[6], ARGV[5], ARGV[7] == '1' and 1 or -1)
end
if ARGV[8] ~= ARGV[9] then
  if ARGV[8] ~= '' then
    redis.call('ZREM', KEYS[7], ARGV[10])
  end
  if ARGV[9] ~= '' then
    redis.call('ZADD', KEYS[7], ARGV[9], ARGV[10])
  end
end
if ARGV[15] ~= '' then
  redis.call('RPUSH', KEYS[9], ARGV[15])
  redis.call('LTRIM', KEYS[9], -tonumber(ARGV[16]), -1)
end
-- The count hashes are named by the scopes' keys, all under the same hash tag as KEYS.
local oldCounts = tonumber(ARGV[19])
for i = 20, 19 + oldCounts do
  count(ARGV[i], ARGV[17], -1)
end
for i = 20 + oldCounts, #ARGV do
  redis.call('HINCRBY', ARGV[i], ARGV[18], 1)
end
local cursor = ''
if ARGV[12] ~= '' then
  cursor = redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[13], '*', 't', ARGV[11], 'r', '0', 'o', ARGV[12])
end
return {1, cursor}
