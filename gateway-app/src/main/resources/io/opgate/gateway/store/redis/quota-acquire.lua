-- Takes one unit of a tenant's quota for a replica, unless the live replicas hold the maximum already. Fields of
-- replicas whose lease has ended (they died or lost Redis) are dropped here: that is how a dead replica's share comes
-- back. Time is Redis' own, so that no replica's clock is compared with another's.
-- KEYS: 1 the quota hash (replica -> units), 2 the replicas' leases
-- ARGV: 1 this replica, 2 the maximum, 3 how long the hash lives without a renewal (millis), 4 the lease (millis)
-- Answers {1, held} when taken, {0, held} when refused; held counts the new unit.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- A replica that asks is alive: its lease starts (or goes on) here, so that its units count for the others from
-- the first, not only once its first renewal has landed (before that another replica's acquire dropped them).
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local fields = redis.call('HGETALL', KEYS[1])
local held = 0
for i = 1, #fields, 2 do
  local replica = fields[i]
  local units = tonumber(fields[i + 1])
  if replica == ARGV[1] then
    held = held + units
  else
    local leaseEnd = redis.call('ZSCORE', KEYS[2], replica)
    if leaseEnd and tonumber(leaseEnd) >= now then
      held = held + units
    else
      redis.call('HDEL', KEYS[1], replica)
    end
  end
end
if held >= tonumber(ARGV[2]) then
  return {0, held}
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, held + 1}
