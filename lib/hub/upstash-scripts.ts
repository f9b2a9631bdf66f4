// Redis-side pieces of the upstash hub: Lua scripts and the stored/published entry format.
import { type Cursor, isCursor, parseCursor } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";

/**
 * Lua helpers shared by every script that publishes (the publish script here, presence's). Such a script
 * takes the channel's keys first — `KEYS[k]..KEYS[k+5]`: its stream, the key recording the newest id trimmed
 * from it, then the hub's accounting: sizes (hash: stream key → bytes), active and emptied (sorted sets:
 * stream key → last activity in ms) and total — and its bounds as four ARGV: events per channel, bytes per
 * channel, bytes in all, seconds to live.
 *
 * `parley_publish` appends one event to the channel's stream and publishes it on the channel's pub/sub
 * channel, within the calling script (so atomically). The message is `{"id","type","data"}` with the id
 * Redis assigned; the envelope's `channel` and `ts` follow from the channel and the id.
 *
 * `parley_settle`, called once after publishing, keeps the bounds and returns {total, evicted}:
 * - the channel's oldest events go while it holds more than its events (in batches of up to 100, so it holds
 *   between that and 100 more) or more than its bytes (it keeps its newest), the newest id removed recorded
 *   in the trimmed key: a reader whose cursor is older has missed events and is reset. (Redis's own
 *   `max-deleted-entry-id` is not moved by trimming, and `XADD … MAXLEN ~` does not say what it removed.)
 * - while the hub holds more than its bytes in all, the least recently active other channel is emptied (its
 *   stream kept, without entries, its last id recorded as trimmed: its readers reset exactly), then emptied
 *   channels are forgotten, least recently active first.
 * - channels whose streams expired are taken off the accounts (a few per call).
 * Bytes are the event's type and data JSON plus 64 per event, and 512 per channel.
 * Other channels' keys are derived from their stream keys, so scripts that publish touch keys outside one
 * hash slot: Upstash runs them under its global lock; Redis Cluster is not supported.
 */
export const LUA_PUBLISH_FUNCTIONS = `
local PARLEY_ENTRY_COST, PARLEY_CHANNEL_COST = 64, 512
local parley_added, parley_existed = 0, nil
local function parley_publish(key, pubsub, event_type, type_json, data_json)
  if parley_existed == nil then parley_existed = redis.call('EXISTS', key) == 1 end
  local id = redis.call('XADD', key, '*', 'type', event_type, 'data', data_json)
  redis.call('PUBLISH', pubsub, '{"id":"' .. id .. '","type":' .. type_json .. ',"data":' .. data_json .. '}')
  parley_added = parley_added + #event_type + #data_json + PARLEY_ENTRY_COST
  return id
end
local function parley_entry_cost(entry)
  local fields, cost = entry[2], PARLEY_ENTRY_COST
  for i = 2, #fields, 2 do cost = cost + #fields[i] end
  return cost
end
local function parley_trim(key, trimmed_key, bytes, maxlen, maxbytes)
  local len = redis.call('XLEN', key)
  local by_count = 0
  if len - maxlen >= math.min(100, math.ceil(maxlen / 10)) then by_count = len - maxlen end
  local doomed, freed, last = 0, 0, nil
  local function more() return doomed < len - 1 and (doomed < by_count or bytes - freed > maxbytes) end
  while more() do
    local page = redis.call('XRANGE', key, last and ('(' .. last) or '-', '+', 'COUNT', math.max(by_count - doomed, 32))
    if #page == 0 then break end
    for _, entry in ipairs(page) do
      if not more() then break end
      doomed, freed, last = doomed + 1, freed + parley_entry_cost(entry), entry[1]
    end
  end
  if doomed > 0 then
    redis.call('XTRIM', key, 'MAXLEN', len - doomed)
    redis.call('SET', trimmed_key, last)
  end
  return freed
end
local function parley_size(sizes, key)
  return tonumber(redis.call('HGET', sizes, key) or '0')
end
local function parley_empty(key, sizes, active, emptied)
  local score, size = redis.call('ZSCORE', active, key), parley_size(sizes, key)
  redis.call('ZREM', active, key)
  local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)[1]
  if not last then
    redis.call('HDEL', sizes, key)
    redis.call('DEL', key, key .. ':trimmed')
    return size
  end
  local ttl = redis.call('PTTL', key)
  redis.call('XTRIM', key, 'MAXLEN', 0)
  redis.call('SET', key .. ':trimmed', last[1])
  if ttl > 0 then redis.call('PEXPIRE', key .. ':trimmed', ttl) end
  redis.call('HSET', sizes, key, PARLEY_CHANNEL_COST)
  redis.call('ZADD', emptied, score, key)
  return size - PARLEY_CHANNEL_COST
end
local function parley_forget(key, sizes, set)
  local size = parley_size(sizes, key)
  redis.call('HDEL', sizes, key)
  redis.call('ZREM', set, key)
  redis.call('DEL', key, key .. ':trimmed')
  return size
end
local function parley_expired(set, sizes, cutoff)
  local freed = 0
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', set, '-inf', cutoff, 'LIMIT', 0, 16)) do
    freed = freed + parley_forget(key, sizes, set)
  end
  return freed
end
local function parley_settle(k, b)
  local key, trimmed_key, sizes, active, emptied, total_key = k[1], k[2], k[3], k[4], k[5], k[6]
  local maxlen, maxbytes, budget, ttl = tonumber(b[1]), tonumber(b[2]), tonumber(b[3]), tonumber(b[4])
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local total, size = tonumber(redis.call('GET', total_key) or '0'), parley_size(sizes, key)
  if not parley_existed or redis.call('HEXISTS', sizes, key) == 0 then
    -- New to the accounts (what was counted under its name belonged to a stream that expired).
    total, size = total - size + PARLEY_CHANNEL_COST, PARLEY_CHANNEL_COST
  end
  total, size = total + parley_added, size + parley_added
  local trimmed = math.min(parley_trim(key, trimmed_key, size - PARLEY_CHANNEL_COST, maxlen, maxbytes), size - PARLEY_CHANNEL_COST)
  total, size = total - trimmed, size - trimmed
  redis.call('HSET', sizes, key, size)
  redis.call('ZREM', emptied, key)
  redis.call('ZADD', active, now, key)
  redis.call('EXPIRE', key, ttl)
  if redis.call('EXISTS', trimmed_key) == 1 then redis.call('EXPIRE', trimmed_key, ttl) end
  local cutoff = now - ttl * 1000 - 1000
  total = total - parley_expired(active, sizes, cutoff) - parley_expired(emptied, sizes, cutoff)
  local evicted = 0
  while total > budget do
    local oldest = redis.call('ZRANGE', active, 0, 1)
    local victim = oldest[1]
    if victim == key then victim = oldest[2] end
    if victim then
      local freed = parley_empty(victim, sizes, active, emptied)
      total, evicted = total - freed, evicted + freed
    else
      victim = redis.call('ZRANGE', emptied, 0, 0)[1]
      if not victim then break end
      total = total - parley_forget(victim, sizes, emptied)
    end
  end
  total = math.max(total, 0)
  redis.call('SET', total_key, total)
  return {total, evicted}
end
`;

/**
 * KEYS the channel's six (see above); ARGV pub/sub channel, the four bounds, then (type, type JSON, data
 * JSON) per event → {total bytes, bytes evicted, ids…}.
 */
export const PUBLISH_SCRIPT = `${LUA_PUBLISH_FUNCTIONS}
local ids = {}
for i = 6, #ARGV, 3 do
  ids[#ids + 1] = parley_publish(KEYS[1], ARGV[1], ARGV[i], ARGV[i + 1], ARGV[i + 2])
end
local settled = parley_settle(KEYS, {ARGV[2], ARGV[3], ARGV[4], ARGV[5]})
return {settled[1], settled[2], unpack(ids)}
`;

/**
 * KEYS stream, trimmed-through → {} when the stream does not exist, else {last id, newest trimmed id or
 * "", first id or ""}: what deciding whether a cursor can continue needs, in one request. An emptied
 * stream (see parley_settle) has no entry: its last id is the one recorded as trimmed.
 */
export const INFO_SCRIPT = `
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if not first then
  local trimmed = redis.call('GET', KEYS[2])
  if trimmed and redis.call('EXISTS', KEYS[1]) == 1 then return {trimmed, trimmed, ''} end
  return {}
end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
return {last[1], redis.call('GET', KEYS[2]) or '', first[1]}
`;

/** KEYS stream, trimmed-through → the newest id of the channel (an emptied stream's recorded one), or nil. */
export const HEAD_SCRIPT = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if last then return last[1] end
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('GET', KEYS[2]) end
return false
`;

/** Script arguments for events: (type, type as JSON, data as JSON) each. */
export function eventArgs(events: EventInput[]): string[] {
  return events.flatMap((e) => [e.type, JSON.stringify(e.type), JSON.stringify(e.data ?? null)]);
}

/** An envelope from what Redis holds: its timestamp is the millisecond part of the stream id. */
export function toEnvelope(channel: string, id: Cursor, type: string, data: unknown): Envelope {
  const cursor = parseCursor(id);
  if (!cursor) throw new TypeError(`not a stream id: ${id}`);
  return { id, channel, type, ts: new Date(cursor.ms).toISOString(), data };
}

/** A pub/sub message (the JSON text the publish script built) as an envelope, or null if it is not one. */
export function parseMessage(channel: string, message: unknown): Envelope | null {
  const parsed = typeof message === "string" ? safeJson(message) : message;
  if (typeof parsed !== "object" || parsed === null || !("id" in parsed) || !("type" in parsed)) return null;
  const { id, type } = parsed;
  if (typeof id !== "string" || !isCursor(id) || typeof type !== "string") return null;
  return toEnvelope(channel, id, type, "data" in parsed ? parsed.data : undefined);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export type RawEntry = [id: string, fields: string[]];

/** An XRANGE entry (`[id, [field, value, …]]`) as an envelope. */
export function entryToEnvelope(channel: string, [id, fields]: RawEntry): Envelope {
  let type = "";
  let data: unknown = null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === "type") type = fields[i + 1]!;
    else if (fields[i] === "data") data = safeJson(fields[i + 1]!);
  }
  return toEnvelope(channel, id, type, data);
}
