// The budget ledger shared by every instance, on real Redis through the REST bridge: the same contract as
// the memory ledger (tests/contracts/ledger-contract.ts), so a key's budget is as hard across instances
// as on one.
import { afterAll, beforeAll, describe } from "vitest";
import { RedisLedger } from "@/lib/gateway/ledger-redis";
import { ledgerContract } from "@/tests/contracts/ledger-contract";
import { redis, redisUnavailable, startBridge, type TestBridge, testPrefix } from "@/tests/support/redis";

const unavailable = await redisUnavailable();
if (unavailable) console.warn(`Redis budget ledger tests skipped: ${unavailable}`);

describe.skipIf(unavailable)("the budget ledger in Redis", () => {
  let bridge: TestBridge;
  const prefix = testPrefix();
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(async () => {
    const keys = (await redis("KEYS", `${prefix}*`)) as Buffer[];
    if (keys.length > 0) await redis("DEL", ...keys);
    await bridge?.stop();
  });

  ledgerContract("Redis", (o) => new RedisLedger({ ...o, url: bridge.url, token: bridge.token, prefix }));
});
