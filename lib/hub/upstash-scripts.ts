// Redis-side pieces of the upstash hub: Lua scripts and the stored/published entry format.
import { type Cursor, isCursor, parseCursor } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";

/**
 * Lua helpers shared by every script that publishes. `parley_publish` appends one event to a channel's
 * stream and publishes it on the channel's pub/sub channel, within the calling script (so atomically). The message is `{"id","type","data"}` with the id Redis assigned; the envelope's `channel`
 * and `ts` follow from the channel and the id.
 *
 * `parley_trim` bounds the stream and records the newest id it removed in a companion key: a reader whose
 * cursor is older than that has missed events and must be reset. (Redis's own `max-deleted-entry-id` is
 * not moved by MAXLEN trimming, and `XADD … MAXLEN ~` does not say what it removed.) It trims in batches
 * of up to 100 entries, so the stream holds between `maxlen` and `maxlen` + 100 events.
 */
export const LUA_PUBLISH_FUNCTIONS = `
local function parley_publish(key, pubsub, event_type, type_json, data_json)
  local id = redis.call('XADD', key, '*', 'type', event_type, 'data', data_json)
  redis.call('PUBLISH', pubsub, '{"id":"' .. id .. '","type":' .. type_json .. ',"data":' .. data_json .. '}')
  return id
end
local function parley_trim(key, trimmed_key, maxlen, ttl)
  maxlen = tonumber(maxlen)
  local excess = redis.call('XLEN', key) - maxlen
  if excess >= math.min(100, math.ceil(maxlen / 10)) then
    local doomed = redis.call('XRANGE', key, '-', '+', 'COUNT', excess)
    redis.call('XTRIM', key, 'MAXLEN', maxlen)
    redis.call('SET', trimmed_key, doomed[#doomed][1])
  end
  redis.call('EXPIRE', key, ttl)
  if redis.call('EXISTS', trimmed_key) == 1 then redis.call('EXPIRE', trimmed_key, ttl) end
end
`;

/**
 * KEYS stream, trimmed-through; ARGV pub/sub channel, maxlen, ttl seconds, then (type, type JSON, data
 * JSON) per event → the ids.
 */
export const PUBLISH_SCRIPT = `${LUA_PUBLISH_FUNCTIONS}
local ids = {}
for i = 4, #ARGV, 3 do
  ids[#ids + 1] = parley_publish(KEYS[1], ARGV[1], ARGV[i], ARGV[i + 1], ARGV[i + 2])
end
parley_trim(KEYS[1], KEYS[2], ARGV[2], ARGV[3])
return ids
`;

/**
 * KEYS stream, trimmed-through → {} when the stream does not exist, else {last id, newest trimmed id or
 * "", first id}: what deciding whether a cursor can continue needs, in one request.
 */
export const INFO_SCRIPT = `
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if not first then return {} end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
return {last[1], redis.call('GET', KEYS[2]) or '', first[1]}
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
