import { describe, expect, it } from "vitest";
import { addressBucket, bucketsFor, MiB, type QuotaSettings, quotaRules } from "./quota-table";

const settings = (scale = 1): QuotaSettings => ({
  scale,
  publish: { requests: 3000, events: 6000, bytes: 8 * MiB },
  produce: { requests: 1200, events: 12_000, bytes: 4 * MiB },
  gatewayRequestsPerMinute: 600,
});

describe("the quota table", () => {
  it("charges a publish to its key, its person and its address, each measure in its own bucket", () => {
    const rules = quotaRules(settings());
    const buckets = bucketsFor(
      "publish",
      rules.publish,
      { key: "key_1", person: "u_1", address: "10.0.0.1" },
      {
        requests: 1,
        events: 100,
        bytes: 6_000_000,
      },
    );
    expect(buckets.map((b) => [b.subject, b.measure, b.limit, b.cost])).toEqual([
      ["key", "requests", 3000, 1],
      ["key", "events", 6000, 100],
      ["key", "bytes", 8 * MiB, 6_000_000],
      ["person", "requests", 3000, 1],
      ["person", "events", 6000, 100],
      ["person", "bytes", 8 * MiB, 6_000_000],
      ["address", "requests", 6000, 1],
      ["address", "events", 12_000, 100],
      ["address", "bytes", 16 * MiB, 6_000_000],
    ]);
    expect(new Set(buckets.map((b) => b.id)).size).toBe(buckets.length);
  });

  it("counts a caller with no identity by its address, and in one shared bucket only when even that is unknown", () => {
    const rules = quotaRules(settings());
    const anonymous = bucketsFor("run", rules.run, { address: "10.0.0.2" }, { requests: 1 });
    expect(anonymous.map((b) => b.id)).toEqual(["run:address:requests:60000:10.0.0.2"]);
    expect(bucketsFor("run", rules.run, { address: null }, { requests: 1 }).map((b) => b.id)).toEqual([
      "run:address:requests:60000:unknown",
    ]);
    // Someone known from nowhere: their own buckets only, never the shared one.
    expect(bucketsFor("run", rules.run, { person: "u_2", address: null }, { requests: 1 }).map((b) => b.subject)).toEqual([
      "person",
    ]);
  });

  it("scales every limit with PARLEY_RATE_LIMIT_SCALE (never below 1), and an override replaces the table", () => {
    const rules = quotaRules(settings(100));
    expect(rules.comment[0]).toMatchObject({ windowMs: 10_000, requests: 2000 });
    expect(rules.publish[0]).toMatchObject({ bytes: 800 * MiB });
    expect(quotaRules(settings(0.0001)).createKey[0]).toMatchObject({ requests: 1 });
    const own = bucketsFor("gateway", rules.gateway, { key: "key_1", address: null }, { requests: 1 }, { requests: 2 });
    expect(own.map((b) => b.limit)).toEqual([2]);
  });

  it("leaves out measures a write does not carry", () => {
    const rules = quotaRules(settings());
    const typing = bucketsFor("typing", rules.typing, { person: "u_3", address: "10.0.0.3" }, { requests: 1, bytes: 0 });
    expect(typing.map((b) => `${b.subject}:${b.measure}`)).toEqual(["person:requests", "address:requests"]);
  });
});

describe("addressBucket", () => {
  it("keeps IPv4, and counts IPv6 by its /64 however it is written", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("2001:db8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(addressBucket("2001:0DB8:0000:0001:ffff:1:2:3")).toBe("2001:db8:0:1::/64");
    expect(addressBucket("[2001:db8:0:1:a::1]")).toBe("2001:db8:0:1::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("not an address")).toBe("not an address");
  });

  it("counts `parley login` starts per client address only (a terminal has no identity yet): 10 a minute", () => {
    const rules = quotaRules(settings());
    const buckets = bucketsFor("cliLogin", rules.cliLogin, { person: "u_1", address: "10.0.0.3" }, { requests: 1 });
    expect(buckets.map((b) => [b.subject, b.measure, b.limit, b.windowMs])).toEqual([["address", "requests", 10, 60_000]]);
  });
});
