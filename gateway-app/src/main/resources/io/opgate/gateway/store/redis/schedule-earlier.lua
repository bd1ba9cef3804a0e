-- Moves an operation's due time earlier, unless it is unknown, already due sooner, or leased to a poller now.
-- KEYS: 1 due times, 2 leases; ARGV: 1 id, 2 due (millis), 3 now (millis)
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due then
  return 0
end
local lease = redis.call('HGET', KEYS[2], ARGV[1])
if lease and tonumber(lease) > tonumber(ARGV[3]) then
  return 0
end
if tonumber(due) > tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
