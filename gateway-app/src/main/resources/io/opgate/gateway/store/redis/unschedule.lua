-- Stops polling an operation. KEYS: 1 due times, 2 leases; ARGV: 1 id
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
