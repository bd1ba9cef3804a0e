-- Claims the operations due by now, earliest first: each is leased by moving its due time to the end of the lease,
-- so that it is due again, for any replica, if the claimer never schedules it (it died or lost Redis).
-- KEYS: 1 due times, 2 leases, 3 watched operations
-- ARGV: 1 now (millis), 2 lease end (millis), 3 most to claim
-- Answers {id, due (millis), watched (1/0), id, due, watched, ...}: the due time read before the lease replaced it.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local now = tonumber(ARGV[1])
local result = {}
for i = 1, #due, 2 do
  local id = due[i]
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  redis.call('HSET', KEYS[2], id, ARGV[2])
  local watchedUntil = redis.call('ZSCORE', KEYS[3], id)
  result[#result + 1] = id
  result[#result + 1] = due[i + 1]
  result[#result + 1] = (watchedUntil and tonumber(watchedUntil) > now) and '1' or '0'
end
return result
