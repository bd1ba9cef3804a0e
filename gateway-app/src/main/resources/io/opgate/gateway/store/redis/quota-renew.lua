-- Renews a replica's quota lease and writes down what it holds, as it counts it: this mends whatever a lost release
-- or a lapsed lease left wrong. Leases that have ended are forgotten.
-- KEYS: 1 the replicas' leases, 2.. quota hashes of the tenants the replica holds units of (or held, last time)
-- ARGV: 1 this replica, 2 the lease (millis), 3 how long a quota hash lives without a renewal (millis),
--       4.. the units held for KEYS[2..], 0 for none
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
for i = 2, #KEYS do
  local units = tonumber(ARGV[i + 2])
  if units > 0 then
    redis.call('HSET', KEYS[i], ARGV[1], units)
    redis.call('PEXPIRE', KEYS[i], ARGV[3])
  else
    redis.call('HDEL', KEYS[i], ARGV[1])
  end
end
return {1}
