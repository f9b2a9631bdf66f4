import "server-only";
// Presence shared by every instance through Redis. Each instance keeps, per room, a field for every
// member with a stream open on it, renewed by a heartbeat and expiring when the instance stops renewing.
// A member is present while any instance holds a live field; when the room announces arrivals and
// departures, they are decided and published in the same Redis script (so once, in order with every
// other change, whichever instance sees them).
import { randomBytes } from "node:crypto";
import type { UpstashHub } from "@/lib/hub/upstash";
import { LUA_PUBLISH_FUNCTIONS } from "@/lib/hub/upstash-scripts";
import { LocalStreams } from "./local-streams";
import type { PresenceOptions, PresenceStore } from "./types";

/**
 * KEYS presence hash, then the room's channel's keys (its stream first: see LUA_PUBLISH_FUNCTIONS). ARGV op,
 * ttl ms, pub/sub channel, the hub's four bounds, instance, the event announcing changes ('' for none), then
 * members as JSON.
 */
const PRESENCE_SCRIPT = `${LUA_PUBLISH_FUNCTIONS}
local op, ttl, pubsub, instance = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[8]
local announce_type = ARGV[9]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local published = false
local function announce(user_json, online)
  if announce_type == '' then return end
  local data = '{"user_id":' .. user_json .. ',"online":' .. online .. '}'
  parley_publish(KEYS[2], pubsub, announce_type, '"' .. announce_type .. '"', data)
  published = true
end
-- Fields are "<instance>|<user id as JSON>" = expiry in ms; count each user's live ones.
local live, expired = {}, {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field = fields[i]
  local user_json = string.sub(field, string.find(field, '|', 1, true) + 1)
  if tonumber(fields[i + 1]) <= now then
    redis.call('HDEL', KEYS[1], field)
    expired[user_json] = true
  else
    live[user_json] = (live[user_json] or 0) + 1
  end
end
-- Whoever kept these users online stopped renewing (that instance died): they are offline now.
for user_json in pairs(expired) do
  if not live[user_json] then announce(user_json, 'false') end
end
for i = 10, #ARGV do
  local user_json = ARGV[i]
  local field = instance .. '|' .. user_json
  if op == 'join' then
    if not live[user_json] then
      announce(user_json, 'true')
      live[user_json] = 0
    end
    if redis.call('HSET', KEYS[1], field, string.format('%.0f', now + ttl)) == 1 then
      live[user_json] = live[user_json] + 1
    end
  elseif op == 'leave' and redis.call('HDEL', KEYS[1], field) == 1 and live[user_json] then
    live[user_json] = live[user_json] - 1
    if live[user_json] == 0 then
      live[user_json] = nil
      announce(user_json, 'false')
    end
  end
end
if op == 'join' then redis.call('PEXPIRE', KEYS[1], ttl * 2) end
if published then parley_settle({KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]}, {ARGV[4], ARGV[5], ARGV[6], ARGV[7]}) end
local online = {}
for user_json in pairs(live) do online[#online + 1] = user_json end
return online
`;

export interface RedisPresenceOptions extends PresenceOptions {
  /** A field not renewed for this long has expired (its instance is gone). */
  ttlMs: number;
  heartbeatMs: number;
}

export class RedisPresence implements PresenceStore {
  private readonly local: LocalStreams;
  /** Redis calls of one room, in order (a leave never overtakes the join before it). */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly instance = randomBytes(8).toString("hex");
  private readonly script;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly hub: UpstashHub,
    private readonly options: RedisPresenceOptions,
  ) {
    this.script = hub.redis.createScript<string[]>(PRESENCE_SCRIPT);
    this.local = new LocalStreams(options.graceMs, {
      online: (room, member) => {
        this.queue(room, "join", [member]);
        this.startHeartbeat();
      },
      offline: (room, member) => this.queue(room, "leave", [member]),
    });
  }

  track(room: string, member: string): () => void {
    return this.local.track(room, member);
  }

  async online(room: string): Promise<Set<string>> {
    return this.run(room, "list", []);
  }

  private queue(room: string, op: "join" | "leave", members: string[]): void {
    const previous = this.queues.get(room) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const present = await this.run(room, op, members);
        this.options.onChange?.(room, present);
      })
      .catch((error) => console.error(`presence ${op} failed`, error))
      .finally(() => {
        if (this.queues.get(room) === next) this.queues.delete(room);
      });
    this.queues.set(room, next);
  }

  private async run(room: string, op: "join" | "leave" | "list", members: string[]): Promise<Set<string>> {
    const stream = this.hub.streamTarget(this.options.channelOf(room));
    const online = await this.script.exec(
      [`${stream.key}:presence`, ...stream.keys],
      [
        op,
        String(this.options.ttlMs),
        stream.pubsub,
        ...stream.bounds,
        this.instance,
        this.options.announce ?? "",
        ...members.map((m) => JSON.stringify(m)),
      ],
    );
    return new Set(online.map(parseMember));
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      if (this.local.roomCount === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
        return;
      }
      // Renewing is a join of everyone still here: it also brings back anyone whose field expired meanwhile.
      for (const [room, members] of this.local.all()) this.queue(room, "join", members);
    }, this.options.heartbeatMs);
    this.heartbeat.unref?.();
  }
}

/** The script stores and returns members as JSON strings. */
function parseMember(json: string): string {
  const member: unknown = JSON.parse(json);
  if (typeof member !== "string") throw new TypeError(`presence: not a member: ${json}`);
  return member;
}
