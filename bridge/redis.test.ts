import { RedisClient } from "@redis/client";
import { describe, expect, it } from "vitest";

// The URL forms the README promises for REDIS_URL, as the client the bridge uses reads them.
describe("REDIS_URL", () => {
  it("carries credentials, database and TLS", () => {
    expect(RedisClient.parseURL("redis://127.0.0.1:6380/2")).toMatchObject({
      socket: { host: "127.0.0.1", port: 6380, tls: false },
      database: 2,
    });
    expect(RedisClient.parseURL("rediss://user:p%40ss@cache.example:6379")).toMatchObject({
      socket: { host: "cache.example", tls: true },
      username: "user",
      password: "p@ss",
    });
    expect(RedisClient.parseURL("redis://:secret@[::1]")).toMatchObject({ socket: { host: "::1" }, password: "secret" });
    expect(() => RedisClient.parseURL("http://x")).toThrow(/redis:/);
  });
});
