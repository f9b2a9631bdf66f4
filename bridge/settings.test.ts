import { describe, expect, it } from "vitest";
import { loadSettings } from "./settings";

describe("bridge settings", () => {
  it("defaults to a local Redis, loopback and port 8079, with no token", () => {
    expect(loadSettings({})).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_BRIDGE_TOKEN: undefined,
      REDIS_BRIDGE_PORT: 8079,
      REDIS_BRIDGE_HOST: "127.0.0.1",
    });
  });

  it("reads its own variables and nothing of the app's", () => {
    const settings = loadSettings({
      REDIS_URL: "rediss://:pw@cache.example:6380/2",
      REDIS_BRIDGE_TOKEN: "a".repeat(16),
      REDIS_BRIDGE_PORT: "9000",
      REDIS_BRIDGE_HOST: "0.0.0.0",
      PARLEY_SECRET: "too short to pass the app's own check",
    });
    expect(settings).toEqual({
      REDIS_URL: "rediss://:pw@cache.example:6380/2",
      REDIS_BRIDGE_TOKEN: "a".repeat(16),
      REDIS_BRIDGE_PORT: 9000,
      REDIS_BRIDGE_HOST: "0.0.0.0",
    });
  });

  it("names every invalid variable", () => {
    expect(() => loadSettings({ REDIS_URL: "http://x", REDIS_BRIDGE_TOKEN: "short", REDIS_BRIDGE_PORT: "0" })).toThrow(
      /^Invalid environment:\n {2}REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL\n {2}REDIS_BRIDGE_TOKEN: must be at least 16 characters\n {2}REDIS_BRIDGE_PORT: /,
    );
  });
});
