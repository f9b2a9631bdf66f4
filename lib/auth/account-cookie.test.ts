import { describe, expect, it } from "vitest";
import { cookieValue, signAccount, verifyAccount } from "./account-cookie";
import { foreignCallbacks, safeNextPath } from "./accounts/next-path";
import { signIdentity } from "./identity-cookie";

const secret = "unit-secret-unit-secret-unit-secret-01";
const user = "u_abcdefghijklmnopqrstuv";
const now = Date.UTC(2026, 11, 6);
const inADay = new Date(now + 86_400_000);

describe("the account cookie", () => {
  it("names its account until the sign-in's expiry", () => {
    const value = signAccount(secret, user, inADay, now);
    expect(verifyAccount(secret, value, now)).toEqual({ userId: user, expiresAt: inADay });
    expect(verifyAccount(secret, value, inADay.getTime() - 1)?.userId).toBe(user);
    expect(verifyAccount(secret, value, inADay.getTime())).toBeNull();
  });

  it("refuses another secret, a changed account, a guest cookie and garbage", () => {
    const value = signAccount(secret, user, inADay, now);
    expect(verifyAccount("another-secret-another-secret-another", value, now)).toBeNull();
    const [prefix, body, signature] = value.split(".");
    const claims = JSON.parse(Buffer.from(body ?? "", "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "u_zzzzzzzzzzzzzzzzzzzzzz" })).toString("base64url");
    expect(verifyAccount(secret, `${prefix}.${forged}.${signature}`, now)).toBeNull();
    // A guest's cookie is signed for another purpose: it never passes for an account.
    expect(verifyAccount(secret, signIdentity(secret, user), now)).toBeNull();
    for (const junk of ["", "pt1", "pt1..", "x.y.z", undefined, null]) expect(verifyAccount(secret, junk, now)).toBeNull();
  });

  it("only names user ids", () => {
    expect(() => verifyAccount(secret, signAccount(secret, "p:alice", inADay, now), now)).not.toThrow();
    expect(verifyAccount(secret, signAccount(secret, "p:alice", inADay, now), now)).toBeNull();
  });
});

describe("reading a Cookie header", () => {
  it("finds one cookie among many, decoded; absent or malformed is null", () => {
    expect(cookieValue("a=1; parley_account=x%2Ey; b=2", "parley_account")).toBe("x.y");
    expect(cookieValue("a=1", "parley_account")).toBeNull();
    expect(cookieValue(null, "parley_account")).toBeNull();
    expect(cookieValue("parley_account=%E0%A4%A", "parley_account")).toBeNull();
  });
});

describe("where sign-in returns to", () => {
  it("keeps local paths and refuses other origins", () => {
    expect(safeNextPath("/sessions/ses_1?run=r")).toBe("/sessions/ses_1?run=r");
    for (const bad of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "",
      null,
      undefined,
      "javascript:alert(1)",
    ])
      expect(safeNextPath(bad)).toBe("/");
  });
});

describe("a sign-in request's callbacks", () => {
  it("names the fields that would send the browser elsewhere", () => {
    expect(foreignCallbacks({ provider: "oidc", callbackURL: "/mine", errorCallbackURL: "/sign-in?error=1" })).toEqual([]);
    expect(foreignCallbacks({ callbackURL: "https://evil.example/", newUserCallbackURL: "//evil.example" })).toEqual([
      "callbackURL",
      "newUserCallbackURL",
    ]);
    expect(foreignCallbacks({ callbackURL: 42 })).toEqual(["callbackURL"]);
    expect(foreignCallbacks(null)).toEqual([]);
  });
});
