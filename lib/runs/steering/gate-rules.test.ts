import { describe, expect, it } from "vitest";
import { decideGate, gateRules, gateTally, joinedBeforeGate, mayVoteAt, stillNeeded } from "./gate-rules";

const vote = (decision: "approve" | "redirect" | "reject", note: string | null = null) => ({ decision, note });

describe("how votes decide a gate", () => {
  it("ends it at the first reject, whatever the quorum and the other votes", () => {
    expect(decideGate([vote("approve"), vote("reject", "No")], 3)).toMatchObject({ decision: "reject", note: "No" });
  });

  it("needs a quorum of approvals, or of redirects; mixed votes decide nothing", () => {
    expect(decideGate([vote("approve")], 2)).toBeNull();
    expect(decideGate([vote("approve"), vote("redirect", "Use SQLite")], 2)).toBeNull();
    expect(decideGate([vote("approve"), vote("approve")], 2)).toMatchObject({ decision: "approve", note: null });
  });

  it("reads two identical redirect instructions once, and different ones each once in order", () => {
    const same = decideGate([vote("redirect", "Use SQLite instead"), vote("redirect", " use sqlite instead ")], 2);
    expect(same).toMatchObject({ decision: "redirect", note: "Use SQLite instead" });
    const two = decideGate([vote("redirect", "Use SQLite"), vote("redirect", "Add tests"), vote("redirect", "Use SQLite")], 3);
    expect(two?.note).toBe("Use SQLite\nAdd tests");
  });
});

describe("a gate's rules in words", () => {
  it("say what each decision does and needs before anyone votes, then count the votes per decision", () => {
    const before = gateRules({ quorum: 2, votes: [] });
    expect(before.map((r) => [r.label, r.has, r.needs])).toEqual([
      ["Approve", 0, 2],
      ["Redirect", 0, 2],
      ["Reject", 0, 1],
    ]);
    expect(before.find((r) => r.decision === "reject")?.effect).toMatch(/ends at once/);
    const votes = [
      { user_id: "u1", display_name: "Alice", decision: "redirect" as const },
      { user_id: "u2", display_name: "Bob", decision: "approve" as const },
    ];
    expect(gateTally(votes)).toEqual({ approve: 1, redirect: 1, reject: 0 });
    expect(stillNeeded({ quorum: 2, votes })).toBe("1 more approval, 1 more redirect or a reject");
  });
});

describe("who may vote at a gate", () => {
  const opened_at = "2027-01-20T10:00:00.000Z";
  it("those who joined before the gate opened (or at that instant), not those who joined after", () => {
    expect(joinedBeforeGate("2027-01-20T09:59:59.999Z", opened_at)).toBe(true);
    expect(joinedBeforeGate(opened_at, new Date(opened_at))).toBe(true);
    expect(joinedBeforeGate(new Date("2027-01-20T10:00:00.001Z"), opened_at)).toBe(false);
    expect(joinedBeforeGate(null, opened_at)).toBe(true);
  });
  it("and only those who steer at all", () => {
    expect(mayVoteAt({ opened_at }, { vote: true, joined_at: "2027-01-20T09:00:00.000Z" })).toBe(true);
    expect(mayVoteAt({ opened_at }, { vote: true, joined_at: "2027-01-20T11:00:00.000Z" })).toBe(false);
    expect(mayVoteAt({ opened_at }, { vote: false, joined_at: "2027-01-20T09:00:00.000Z" })).toBe(false);
  });
});
