// The mechanism end to end on this process's in-memory store (no Redis configured in unit tests).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { chargeQuota, QuotaMeter } from "./quotas";

const someone = () => `u_${randomBytes(8).toString("hex")}`;

async function refusal(charge: () => Promise<unknown>): Promise<AppError> {
  try {
    await charge();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("chargeQuota", () => {
  it("refuses past a limit with 429, Retry-After and the limit in words; a refused write is not counted", async () => {
    const person = someone();
    for (let i = 0; i < 10; i++) await chargeQuota("createKey", { person, address: null });
    const refused = await refusal(() => chargeQuota("createKey", { person, address: null }));
    expect(refused.code).toBe("rate_limited");
    expect(refused.message).toMatch(/^Too many new API keys: at most 10 requests a minute per person; try again in \d+ s$/);
    expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThan(0);
    // Someone else at no known address is not affected.
    await chargeQuota("createKey", { person: someone(), address: null });
  });

  it("charges the identity and the address together: the address's limit holds across fresh identities", async () => {
    const address = `2001:db8:${randomBytes(2).toString("hex")}::1`;
    for (let i = 0; i < 20; i++) await chargeQuota("createSession", { person: someone(), address });
    // Another host of the same /64 is the same subscriber.
    const sibling = address.replace(/::1$/, "::2");
    const refused = await refusal(() => chargeQuota("createSession", { person: someone(), address: sibling }));
    expect(refused.message).toMatch(/per client address/);
  });

  it("answers 413 for one write bigger than a limit, without counting it", async () => {
    const key = `key_${randomBytes(8).toString("hex")}`;
    const tooBig = await refusal(() => chargeQuota("publish", { key, address: null }, { bytes: 9 * 1024 * 1024 }));
    expect(tooBig.code).toBe("payload_too_large");
    expect(tooBig.message).toMatch(/at most 8 MiB a minute per API key; this one request is 9 MiB/);
    await chargeQuota("publish", { key, address: null }, { bytes: 8 * 1024 * 1024 });
  });
});

describe("QuotaMeter", () => {
  it("charges a streamed write as it arrives, and once refused stays refused", async () => {
    const key = `key_${randomBytes(8).toString("hex")}`;
    const meter = new QuotaMeter("produce", { key, address: null });
    for (let i = 0; i < 63; i++) await meter.bytes(64 * 1024);
    meter.events(10);
    await meter.settle();
    // 4 MiB a minute: the 65th 64 KiB is one too many.
    await meter.bytes(64 * 1024);
    const refused = await refusal(() => meter.bytes(64 * 1024));
    expect(refused.code).toBe("rate_limited");
    expect(refused.message).toMatch(/external runs' events: at most 4 MiB a minute per API key/);
    // Nothing more is taken, however small.
    meter.events(1);
    expect((await refusal(() => meter.settle())).code).toBe("rate_limited");
  });
});
