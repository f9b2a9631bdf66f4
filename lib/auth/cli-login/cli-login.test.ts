import { describe, expect, it } from "vitest";
import { seal, unseal } from "./seal";
import { formatUserCode, newUserCode, normalizeUserCode, USER_CODE_ALPHABET } from "./user-code";

describe("user codes", () => {
  it("are eight letters from an alphabet without vowels or look-alikes, shown as ABCD-EFGH", () => {
    for (const ambiguous of "AEIOUY0125") expect(USER_CODE_ALPHABET).not.toContain(ambiguous);
    const codes = new Set(Array.from({ length: 200 }, () => newUserCode()));
    expect(codes.size).toBeGreaterThan(195);
    for (const code of codes) {
      expect(code).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`));
      expect(formatUserCode(code)).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    }
  });

  it("are read back however a person typed them, and nothing else is taken for one", () => {
    expect(normalizeUserCode("BCDF-GHJK")).toBe("BCDFGHJK");
    expect(normalizeUserCode(" bcdf ghjk ")).toBe("BCDFGHJK");
    expect(normalizeUserCode("bcdfghjk")).toBe("BCDFGHJK");
    for (const bad of ["", "BCDF-GHJ", "BCDF-GHJKL", "BCDF-GHJO", "ABCD-EFGH", "BCDF_GHJK", "B".repeat(40)]) {
      expect(normalizeUserCode(bad), bad).toBeNull();
    }
  });
});

describe("sealing the key for its terminal", () => {
  it("opens only for the same secret and the same login, and not once altered", () => {
    const sealed = seal("secret-1", "cl_1", "pk_the_key");
    expect(sealed).not.toContain("pk_the_key");
    expect(unseal("secret-1", "cl_1", sealed)).toBe("pk_the_key");
    expect(unseal("secret-2", "cl_1", sealed)).toBeNull();
    expect(unseal("secret-1", "cl_2", sealed)).toBeNull();
    const altered = Buffer.from(sealed, "base64url");
    altered[altered.length - 1]! ^= 1;
    expect(unseal("secret-1", "cl_1", altered.toString("base64url"))).toBeNull();
    expect(unseal("secret-1", "cl_1", "short")).toBeNull();
  });
});
