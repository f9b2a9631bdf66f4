import { describe, expect, it } from "vitest";
import { parseDebateVerdict } from "../engine/verdict";
import { debateOptions, demoDebater, demoJudge } from "./demo-debate";
import { demoText, prng } from "./demo-text";

const brief = (over: Partial<Parameters<typeof demoText>[0]>) => ({
  role: "debater",
  agent: "Proponent",
  task: "Should we use microservices or a monolith?",
  round: 1,
  seed: 1,
  stance: "argue for it",
  ...over,
});

describe("the demo debate", () => {
  it("finds the options a task names", () => {
    expect(debateOptions("Should we use microservices or a monolith?")).toEqual(["microservices", "a monolith"]);
    expect(debateOptions("Postgres vs MySQL for analytics")).toEqual(["Postgres", "MySQL"]);
    expect(debateOptions("Choose between REST and GraphQL for the public API")).toEqual(["REST", "GraphQL"]);
    expect(debateOptions("Should we adopt Kubernetes?")).toEqual(["Kubernetes", "not doing it for now"]);
  });

  it("has each side argue for its own option, answer the other in later rounds, and a judge that picks one", () => {
    const pro = demoText(brief({}));
    const con = demoText(brief({ agent: "Skeptic", stance: "argue against it" }));
    expect(pro).toContain("for microservices");
    expect(pro).toMatch(/deploy their service|scales on its own|failure stays/);
    expect(con).toContain("for a monolith");
    expect(con).not.toContain("I argue");
    const rebuttal = demoText(brief({ agent: "Skeptic", stance: "argue against it", round: 2, respondsTo: ["Proponent"] }));
    expect(rebuttal).toMatch(/^\*\*Round 2: for a monolith\.\*\*\n\nProponent made a fair point for microservices: /);
    const ruling = demoText(
      brief({ role: "judge: weighs the arguments and decides", agent: "Judge", respondsTo: ["Proponent", "Skeptic"] }),
    );
    expect(ruling).toMatch(/\*\*Consensus\.\*\* Go ahead with (microservices|a monolith) now, while /);
    expect(ruling).not.toContain("Go ahead with “Should we");
    expect(ruling).toMatch(/VERDICT: PASS — SCORE: \d+\/10/);
    // The verdict names the side chosen, not only PASS and a score.
    expect(parseDebateVerdict(ruling).verdict).toMatch(/^Decision: (microservices|a monolith) \(confidence \d+\/10\)$/);
  });

  it("is deterministic for a seed", () => {
    const b = brief({ round: 2, respondsTo: ["Skeptic"] });
    expect(demoDebater(b, prng(7))).toBe(demoDebater(b, prng(7)));
    expect(demoJudge(b, prng(7))).toBe(demoJudge(b, prng(7)));
  });
});
