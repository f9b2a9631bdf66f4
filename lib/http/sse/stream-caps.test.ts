import { describe, expect, it } from "vitest";
import { acquireStreamSlot } from "./stream-caps";

const caps = { per_key: 2, per_user: 2, per_address: 3, max: 4 };

describe("stream caps", () => {
  it("refuses beyond each cap with 429 and Retry-After, and frees slots on release (once)", () => {
    const a = acquireStreamSlot({ keyId: "k1", address: "1.1.1.1" }, caps);
    const b = acquireStreamSlot({ keyId: "k1", address: "1.1.1.1" }, caps);
    expect(() => acquireStreamSlot({ keyId: "k1", address: "2.2.2.2" }, caps)).toThrow(
      expect.objectContaining({ code: "rate_limited", headers: { "Retry-After": "5" } }),
    );
    const c = acquireStreamSlot({ userId: "u", address: "1.1.1.1" }, caps);
    expect(() => acquireStreamSlot({ address: "1.1.1.1" }, caps)).toThrow(expect.objectContaining({ code: "rate_limited" }));
    const d = acquireStreamSlot({ address: "3.3.3.3" }, caps);
    expect(() => acquireStreamSlot({ address: "4.4.4.4" }, caps)).toThrow(/on this server/);
    a();
    a();
    const e = acquireStreamSlot({ keyId: "k1", address: "5.5.5.5" }, caps);
    for (const release of [b, c, d, e]) release();
    const all = Array.from({ length: 4 }, (_, i) => acquireStreamSlot({ address: `9.9.9.${i}` }, caps));
    for (const release of all) release();
  });
});
