// The compare-and-set write, run atomically by Redis. It applies rules.ts `decideWrite` (kept identical and
// tested against each other), then replaces the list and the per-category keys in one step.
//
// KEYS: 1 list hash, 2 ids set.
// ARGV: 1 kind (newer|repair), 2 version, 3 expected writeId ('' = expect absent; repair only), 4 writeId,
//       5 writtenAt, 6 ttl seconds (0 = none), 7 items JSON, 8 per-category key prefix,
//       9.. pairs of categoryId, category JSON.
// Returns {written (1|0), version as now cached ('' if none), writeId as now cached ('' if none)}.
export const WRITE_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'version', 'writeId')
local curVersion = tonumber(head[1])
local curWriteId = head[2] or ''
local kind = ARGV[1]
local version = ARGV[2]
local function refuse()
  if curVersion then return {0, head[1], curWriteId} end
  return {0, '', ''}
end
if kind == 'newer' then
  if curVersion and tonumber(version) <= curVersion then return refuse() end
elseif kind == 'repair' then
  if ARGV[3] == '' then
    if curVersion then return refuse() end
  else
    if (not curVersion) or curWriteId ~= ARGV[3] then return refuse() end
    if curVersion > tonumber(version) then version = head[1] end
  end
else
  return redis.error_reply('category cache: unknown write kind ' .. tostring(kind))
end
local ttl = tonumber(ARGV[6])
local prefix = ARGV[8]
local keep = {}
for i = 9, #ARGV, 2 do keep[ARGV[i]] = true end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if not keep[id] then redis.call('DEL', prefix .. id) end
end
redis.call('DEL', KEYS[1], KEYS[2])
for i = 9, #ARGV, 2 do
  if ttl > 0 then
    redis.call('SET', prefix .. ARGV[i], ARGV[i + 1], 'EX', ttl)
  else
    redis.call('SET', prefix .. ARGV[i], ARGV[i + 1])
  end
  redis.call('SADD', KEYS[2], ARGV[i])
end
redis.call('HSET', KEYS[1], 'items', ARGV[7], 'version', version, 'writeId', ARGV[4], 'writtenAt', ARGV[5])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  if #ARGV >= 9 then redis.call('EXPIRE', KEYS[2], ttl) end
end
return {1, version, ARGV[4]}
`;
