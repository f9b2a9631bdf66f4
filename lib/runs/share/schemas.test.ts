import { describe, expect, it } from "vitest";
import { createShareLinkSchema, SHARE_LINK_DEFAULT_S, SHARE_LINK_MAX_S, sharedRunPath, withShare } from "./schemas";

describe("share links", () => {
  it("carry their token in the query, escaped, beside any other parameter", () => {
    expect(withShare("/api/v1/runs/r", null)).toBe("/api/v1/runs/r");
    expect(withShare("/api/v1/runs/r", "a-b_c")).toBe("/api/v1/runs/r?share=a-b_c");
    expect(withShare("/api/v1/runs/r/export?format=md", "a+b")).toBe("/api/v1/runs/r/export?format=md&share=a%2Bb");
    expect(sharedRunPath("r", "t")).toBe("/runs/r?share=t");
  });

  it("live 7 days unless asked, at most 30", () => {
    expect(createShareLinkSchema.parse({}).expires_in_s).toBe(SHARE_LINK_DEFAULT_S);
    expect(createShareLinkSchema.safeParse({ expires_in_s: SHARE_LINK_MAX_S + 1 }).success).toBe(false);
    expect(createShareLinkSchema.safeParse({ expires_in_s: 0 }).success).toBe(false);
    expect(createShareLinkSchema.safeParse({ expires_in_s: 60, more: 1 }).success).toBe(false);
  });
});
