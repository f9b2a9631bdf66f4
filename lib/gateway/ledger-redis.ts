import "server-only";
// The budget ledger shared by every instance, in Redis through the Upstash REST API: each key's day is one
// hash (`spent`, and `h:<call id>` = "<usd> <expires at ms>" per call running anywhere), and holding,
// raising and settling are each one Lua script, so concurrent calls on any instances are decided one at a
// time. The day's spend is taken from the database the first time Redis does not know it; holds of an
// instance that died expire (every running call renews its own).
import { Redis } from "@upstash/redis";
import type { BudgetLedger, HoldRequest, HoldResult, LedgerOptions, Settlement } from "./ledger";

const TALLY = `
local spent = redis.call('HGET', KEYS[1], 'spent')
if not spent then
  if ARGV[7] == '' then return {'unseeded'} end
  spent = ARGV[7]
  redis.call('HSET', KEYS[1], 'spent', spent)
end
spent = tonumber(spent)
local now, mine, others = tonumber(ARGV[5]), 0, 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local f = fields[i]
  if string.sub(f, 1, 2) == 'h:' then
    local amount, expires = string.match(fields[i + 1], '^(%S+) (%S+)$')
    if tonumber(expires) <= now then redis.call('HDEL', KEYS[1], f)
    elseif f == 'h:' .. ARGV[2] then mine = tonumber(amount)
    else others = others + tonumber(amount) end
  end
end
`;

/** ARGV: mode (hold | raise), call id, usd, limit, now (ms), hold ttl (ms), seed ('' when unknown), day ttl (s). */
const HOLD_SCRIPT = `${TALLY}
local usd, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
local grant
if ARGV[1] == 'hold' then
  if spent + others + usd > limit then
    return {'refused', string.format('%.17g', spent), string.format('%.17g', others)}
  end
  grant = usd
else
  grant = math.max(mine, math.min(usd, limit - spent - others))
end
redis.call('HSET', KEYS[1], 'h:' .. ARGV[2], string.format('%.17g', grant) .. ' ' .. string.format('%.0f', now + tonumber(ARGV[6])))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[8]))
return {'held', string.format('%.17g', grant)}
`;

/** ARGV: call id, cost, day ttl (s). A day Redis no longer knows is seeded again from the database. */
const SETTLE_SCRIPT = `
redis.call('HDEL', KEYS[1], 'h:' .. ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'spent') == 1 then
  redis.call('HINCRBYFLOAT', KEYS[1], 'spent', ARGV[2])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
end
return 1
`;

/** A key's day is kept two days after its last change: past the UTC day itself, whatever the time zone. */
const DAY_TTL_S = String(2 * 24 * 3600);

export interface RedisLedgerOptions extends LedgerOptions {
  url: string;
  token: string;
  prefix?: string;
}

export class RedisLedger implements BudgetLedger {
  private readonly holdScript;
  private readonly settleScript;
  private readonly now: () => number;

  constructor(private readonly o: RedisLedgerOptions) {
    // Not retried: a lost answer to a settle retried would count the call twice.
    const redis = new Redis({
      url: o.url,
      token: o.token,
      enableTelemetry: false,
      automaticDeserialization: false,
      retry: false,
    });
    this.holdScript = redis.createScript<string[]>(HOLD_SCRIPT);
    this.settleScript = redis.createScript<number>(SETTLE_SCRIPT);
    this.now = o.now ?? Date.now;
  }

  private key(keyId: string, day: string): string {
    return `${this.o.prefix ?? "parley:"}gateway:budget:${keyId}:${day}`;
  }

  private async run(mode: "hold" | "raise", r: HoldRequest): Promise<string[]> {
    const args = (seed: string) => [
      mode,
      r.callId,
      String(r.usd),
      String(r.limitUsd),
      String(this.now()),
      String(this.o.holdTtlMs),
      seed,
      DAY_TTL_S,
    ];
    const key = [this.key(r.keyId, r.day)];
    const result = await this.holdScript.exec(key, args(""));
    if (result[0] !== "unseeded") return result;
    return this.holdScript.exec(key, args(String(await this.o.spentBefore(r.keyId, r.day))));
  }

  async hold(r: HoldRequest): Promise<HoldResult> {
    const [verdict, spent, others] = await this.run("hold", r);
    if (verdict === "held") return { held: true };
    return { held: false, spentUsd: Number(spent), heldUsd: Number(others) };
  }

  async raise(r: HoldRequest): Promise<number> {
    return Number((await this.run("raise", r))[1]);
  }

  async settle(s: Settlement): Promise<void> {
    await this.settleScript.exec([this.key(s.keyId, s.day)], [s.callId, String(s.costUsd), DAY_TTL_S]);
  }
}
