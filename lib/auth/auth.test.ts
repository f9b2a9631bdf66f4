import { describe, expect, it } from "vitest";
import { newUserId, signIdentity, verifyIdentity } from "./identity-cookie";
import { scopeAllows } from "./scopes";
import { mintToken, verifyToken } from "./signing";
import { channelTokenKey, isAdminToken, mintAdminToken, mintChannelToken } from "./tokens";

const secret = "s".repeat(40);
const other = "o".repeat(40);

describe("identity cookie", () => {
  it("verifies only what it signed", () => {
    const id = newUserId();
    const cookie = signIdentity(secret, id);
    expect(verifyIdentity(secret, cookie)).toBe(id);
    expect(verifyIdentity(other, cookie)).toBeNull();
    expect(verifyIdentity(secret, `${newUserId()}.${cookie.split(".")[1]}`)).toBeNull();
    expect(verifyIdentity(secret, `${cookie}x`)).toBeNull();
    expect(verifyIdentity(secret, "u_short.sig")).toBeNull();
    expect(verifyIdentity(secret, undefined)).toBeNull();
  });
});

describe("signed tokens", () => {
  it("expire, and are bound to their purpose and secret", () => {
    const now = 1_000_000_000_000;
    const { token, expiresAt } = mintToken(secret, "p", { a: 1 }, 60, now);
    expect(expiresAt.getTime()).toBe(now + 60_000);
    expect(verifyToken(secret, "p", token, now)).toMatchObject({ a: 1 });
    expect(verifyToken(secret, "p", token, now + 60_000)).toBeNull();
    expect(verifyToken(secret, "q", token, now)).toBeNull();
    expect(verifyToken(other, "p", token, now)).toBeNull();
    const [prefix, , sig] = token.split(".");
    const forged = `${prefix}.${Buffer.from(JSON.stringify({ a: 2, exp: 9e12 })).toString("base64url")}.${sig}`;
    expect(verifyToken(secret, "p", forged, now)).toBeNull();
    expect(verifyToken(secret, "p", "garbage", now)).toBeNull();
  });

  it("read tokens open one channel and name the key that minted them; admin tokens are not read tokens", () => {
    const { token } = mintChannelToken(secret, "ingest", "key_abc", 60);
    expect(channelTokenKey(secret, token, "ingest")).toBe("key_abc");
    expect(channelTokenKey(secret, token, "ingest2")).toBeNull();
    expect(isAdminToken(secret, token)).toBe(false);
    expect(isAdminToken(secret, mintAdminToken(secret).token)).toBe(true);
    expect(channelTokenKey(secret, mintAdminToken(secret).token, "ingest")).toBeNull();
    // Minted before tokens named their key: no key to check, so it opens nothing.
    expect(channelTokenKey(secret, mintToken(secret, "channel-read", { ch: "ingest" }, 60).token, "ingest")).toBeNull();
    expect(channelTokenKey(secret, mintToken(secret, "channel-read", { ch: "ingest", kid: "" }, 60).token, "ingest")).toBeNull();
  });
});

describe("API key scopes", () => {
  it("match channel-name globs per action", () => {
    const scopes = ["publish:ingest.*", "subscribe:*"];
    expect(scopeAllows(scopes, "publish", "ingest.jobs")).toBe(true);
    expect(scopeAllows(scopes, "publish", "ingest")).toBe(false);
    expect(scopeAllows(scopes, "publish", "ingestXjobs")).toBe(false);
    expect(scopeAllows(scopes, "publish", "other")).toBe(false);
    expect(scopeAllows(scopes, "subscribe", "anything-at.all")).toBe(true);
    expect(scopeAllows([], "subscribe", "x")).toBe(false);
  });
});
