import { describe, expect, it } from "vitest";
import { signKeyUser, userIdFromHeader, verifyKeyUser } from "./header-identity";
import { newUserId } from "./identity-cookie";

describe("X-User-ID from a trusted proxy", () => {
  it("accepts the proxy's own ids, in their own namespace", () => {
    expect(userIdFromHeader("alice")).toBe("p:alice");
    expect(userIdFromHeader("alice@example.com")).toBe("p:alice@example.com");
    expect(userIdFromHeader("a".repeat(128))).toBe(`p:${"a".repeat(128)}`);
  });

  it("keeps ids shaped like Parley's cookie ids as they are (scripts acting as a browser)", () => {
    const id = newUserId();
    expect(userIdFromHeader(id)).toBe(id);
  });

  it("refuses empty, too long and unsafe ids", () => {
    for (const bad of [null, "", "a".repeat(129), "alice smith", "a/b", "<script>", "p:alice", "ä"]) {
      expect(userIdFromHeader(bad)).toBeNull();
    }
  });

  it("never maps a proxy id onto a cookie id", () => {
    expect(userIdFromHeader("u_short")).toBe("p:u_short");
  });
});

describe("the API key owner header", () => {
  it("is believed only when signed with the secret, and names the key", () => {
    const caller = { userId: "u_abcdefghijklmnopqrst", keyId: "key_Ab-9_x" };
    const signed = signKeyUser("s".repeat(32), caller);
    expect(verifyKeyUser("s".repeat(32), signed)).toEqual(caller);
    expect(verifyKeyUser("t".repeat(32), signed)).toBeNull();
    expect(verifyKeyUser("s".repeat(32), "u_abcdefghijklmnopqrst")).toBeNull();
    const signature = signed.slice(signed.lastIndexOf(".") + 1);
    expect(verifyKeyUser("s".repeat(32), `key_Ab-9_x.p:mallory.${signature}`)).toBeNull();
    expect(verifyKeyUser("s".repeat(32), `key_other.u_abcdefghijklmnopqrst.${signature}`)).toBeNull();
  });

  it("keeps a user id with dots whole", () => {
    const caller = { userId: "p:alice.smith@example.com", keyId: "key_1" };
    expect(verifyKeyUser("s".repeat(32), signKeyUser("s".repeat(32), caller))).toEqual(caller);
  });
});
