-- Records that an operation tracks a backend handle; when exclusive, only if no live tracker of another tenant holds
-- it. A tracker is live while its operation is stored, or for the pending time after its claim.
-- KEYS: 1 the handle's trackers (hash: id -> '<claimed at millis>|<tenant>')
-- ARGV: 1 id, 2 tenant, 3 now (millis), 4 pending (millis), 5 exclusive (1/0), 6 operation key prefix
-- Answers {1} when the operation now tracks the handle, {0} when another tenant's live tracker holds it.
local now = tonumber(ARGV[3])
if ARGV[5] == '1' then
  local entries = redis.call('HGETALL', KEYS[1])
  for i = 1, #entries, 2 do
    local other, value = entries[i], entries[i + 1]
    local bar = string.find(value, '|', 1, true)
    local claimedAt = tonumber(string.sub(value, 1, bar - 1))
    local tenant = string.sub(value, bar + 1)
    if tenant ~= ARGV[2] then
      -- The operation keys share KEYS' hash tag, so they live in the same slot.
      if redis.call('EXISTS', ARGV[6] .. other) == 1 or now - claimedAt < tonumber(ARGV[4]) then
        return {0}
      end
      redis.call('HDEL', KEYS[1], other)
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. '|' .. ARGV[2])
return {1}
