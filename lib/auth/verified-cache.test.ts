import { describe, expect, it } from "vitest";
import { VerifiedCache } from "./verified-cache";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("VerifiedCache", () => {
  it("shares one lookup among concurrent callers, then answers from the cache until the TTL", async () => {
    const cache = new VerifiedCache<string>({ ttlMs: 1000, maxEntries: 10 });
    let lookups = 0;
    const d = deferred<string>();
    const lookup = () => {
      lookups++;
      return d.promise;
    };
    const callers = Array.from({ length: 250 }, () => cache.get("k", lookup, 0));
    d.resolve("alice");
    expect(await Promise.all(callers)).toEqual(Array(250).fill("alice"));
    expect(lookups).toBe(1);

    expect(await cache.get("k", async () => `again ${++lookups}`, 999)).toBe("alice");
    expect(await cache.get("k", async () => `again ${++lookups}`, 1000)).toBe("again 2");
  });

  it("does not cache a failure: the waiting callers get it, the next call looks up again", async () => {
    const cache = new VerifiedCache<string>({ ttlMs: 1000, maxEntries: 10 });
    const d = deferred<string>();
    const a = cache.get("k", () => d.promise, 0);
    const b = cache.get("k", async () => "unused", 0);
    d.reject(new Error("db down"));
    await expect(a).rejects.toThrow("db down");
    await expect(b).rejects.toThrow("db down");
    expect(await cache.get("k", async () => "recovered", 0)).toBe("recovered");
  });

  it("forget during a lookup keeps its answer out of the cache (a revocation wins)", async () => {
    const cache = new VerifiedCache<string | null>({ ttlMs: 1000, maxEntries: 10 });
    const d = deferred<string | null>();
    const before = cache.get("k", () => d.promise, 0);
    cache.forget("k");
    d.resolve("alice");
    expect(await before).toBe("alice");
    expect(await cache.get("k", async () => null, 1)).toBeNull();
  });

  it("keys are independent, and the cache stays within its bound", async () => {
    const cache = new VerifiedCache<number>({ ttlMs: 1000, maxEntries: 2 });
    let lookups = 0;
    const lookup = async () => ++lookups;
    await cache.get("a", lookup, 0);
    await cache.get("b", lookup, 0);
    await cache.get("c", lookup, 0);
    expect(await cache.get("c", lookup, 1)).toBe(3);
    expect(await cache.get("a", lookup, 1)).toBe(4);
  });

  it("does not trust an answer looked up before `notBefore`, cached or in flight", async () => {
    const cache = new VerifiedCache<string>({ ttlMs: 1000, maxEntries: 10 });
    expect(await cache.get("k", async () => "old", 10)).toBe("old");
    expect(await cache.get("k", async () => "unused", 20, 10)).toBe("old");
    expect(await cache.get("k", async () => "fresh", 20, 11)).toBe("fresh");
    const d = deferred<string>();
    const early = cache.get("j", () => d.promise, 30);
    const late = cache.get("j", async () => "late", 40, 35);
    d.resolve("early");
    expect([await early, await late]).toEqual(["early", "late"]);
    expect(await cache.get("j", async () => "unused", 41, 35)).toBe("late");
  });

  it("forgetWhere drops the matching values and every lookup under way", async () => {
    const cache = new VerifiedCache<{ keyId: string } | null>({ ttlMs: 1000, maxEntries: 10 });
    await cache.get("h1", async () => ({ keyId: "a" }), 0);
    await cache.get("h2", async () => ({ keyId: "b" }), 0);
    const d = deferred<{ keyId: string } | null>();
    const pending = cache.get("h3", () => d.promise, 0);
    cache.forgetWhere((v) => v?.keyId === "a");
    d.resolve({ keyId: "c" });
    await pending;
    expect(await cache.get("h1", async () => null, 1)).toBeNull();
    expect(await cache.get("h2", async () => null, 1)).toEqual({ keyId: "b" });
    expect(await cache.get("h3", async () => null, 1)).toBeNull();
  });
});
