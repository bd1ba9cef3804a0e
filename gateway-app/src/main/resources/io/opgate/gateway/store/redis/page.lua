-- One page of a list: merges the state indexes (each ordered newest first by its members) after a position, keeps
-- the operations whose index entry is current and whose backend and labels match, and stops when the page is full
-- or after examining a bounded number of entries, so that no call runs long however selective the filter.
-- KEYS: the index of each state that the filter accepts
-- ARGV: 1 member to start after or '', 2 page size, 3 operation key prefix, 4 backend or '', 5 most entries to
--       examine, 6 number of label pairs, then the pairs (key, value)
-- Answers {last examined member or '', more (1/0), revision, document, revision, document, ...}.
local function before(a, b)
  -- Redis orders members byte by byte; Lua's '<' follows the server's locale, so compare bytes here.
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x < y
    end
  end
  return #a < #b
end

local pageSize = tonumber(ARGV[2])
local budget = tonumber(ARGV[5])
local chunk = math.min(pageSize + 1, 200)
local labels = {}
local labelCount = tonumber(ARGV[6])
for i = 1, labelCount do
  labels[ARGV[5 + 2 * i]] = ARGV[6 + 2 * i]
end

local walks = {}
for i, key in ipairs(KEYS) do
  walks[i] = {key = key, buffer = {}, position = 1, after = ARGV[1], exhausted = false}
end

local function head(walk)
  if walk.position > #walk.buffer and not walk.exhausted then
    local from = walk.after == '' and '-' or ('(' .. walk.after)
    walk.buffer = redis.call('ZRANGEBYLEX', walk.key, from, '+', 'LIMIT', 0, chunk)
    walk.position = 1
    if #walk.buffer < chunk then
      walk.exhausted = true
    end
  end
  return walk.buffer[walk.position]
end

local function matches(values)
  if ARGV[4] ~= '' and values[2] ~= ARGV[4] then
    return false
  end
  if labelCount > 0 then
    local present = cjson.decode(values[3])
    for k, v in pairs(labels) do
      if present[k] ~= v then
        return false
      end
    end
  end
  return true
end

local result = {'', '0'}
local found = 0
local examined = 0
while found < pageSize and examined < budget do
  local best, bestMember = nil, nil
  for _, walk in ipairs(walks) do
    local member = head(walk)
    if member and (bestMember == nil or before(member, bestMember)) then
      best, bestMember = walk, member
    end
  end
  if best == nil then
    break
  end
  best.position = best.position + 1
  best.after = bestMember
  examined = examined + 1
  result[1] = bestMember
  local id = string.sub(bestMember, 18)
  local values = redis.call('HMGET', ARGV[3] .. id, 'member', 'backend', 'labels', 'rev', 'doc')
  -- An entry whose operation moved or went since is stale: the current entry is elsewhere or nowhere.
  if values[1] == bestMember and matches(values) then
    result[#result + 1] = values[4]
    result[#result + 1] = values[5]
    found = found + 1
  end
end
for _, walk in ipairs(walks) do
  if head(walk) then
    result[2] = '1'
    break
  end
end
return result
