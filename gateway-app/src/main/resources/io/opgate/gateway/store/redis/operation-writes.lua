-- Shared by the scripts that change an operation the caller read (update, remove): RedisScript puts it before them.

-- The operation's revision while it is still the one the caller read; otherwise nil and the script's answer,
-- {-1} when the operation is gone, {0} on a concurrent write.
local function readRevision(key, expected)
  local rev = redis.call('HGET', key, 'rev')
  if not rev then
    return nil, {-1}
  end
  if rev ~= expected then
    return nil, {0}
  end
  return rev
end

-- Moves a count by delta; a field that reaches zero goes, so that a hash goes with its last field.
local function count(key, field, delta)
  if redis.call('HINCRBY', key, field, delta) == 0 then
    redis.call('HDEL', key, field)
  end
end

