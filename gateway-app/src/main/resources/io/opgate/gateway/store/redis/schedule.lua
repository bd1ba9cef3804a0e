-- Sets when an operation is next due and ends any lease on it.
-- KEYS: 1 due times, 2 leases; ARGV: 1 id, 2 due (millis)
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
