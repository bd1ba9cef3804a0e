-- Gives back one unit of a tenant's quota held by a replica.
-- KEYS: 1 the quota hash (replica -> units)
-- ARGV: 1 this replica
local units = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if units <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return {units}
