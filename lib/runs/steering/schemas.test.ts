import { describe, expect, it } from "vitest";
import { sortableId } from "@/lib/ids";
import { COMMENT_ID, GATE_ID } from "./schemas";

describe("steering ids", () => {
  it("match the gates and comments of today's runs (33-character ids) and of older ones (19)", () => {
    const run = sortableId("run");
    expect(GATE_ID.test(`${run}_g1`)).toBe(true);
    expect(GATE_ID.test("run_0mwqsm4b90000h4xggw_g12")).toBe(true);
    expect(GATE_ID.test(`${run}_g`)).toBe(false);
    expect(COMMENT_ID.test(sortableId("cmt"))).toBe(true);
    expect(COMMENT_ID.test("cmt_0mwqsm4b90000h4xggw")).toBe(true);
    expect(COMMENT_ID.test(`${sortableId("cmt")}x`)).toBe(false);
  });
});
