import { describe, expect, it } from "vitest";
import { demoText } from "./demo-text";

describe("the demo's steering preface", () => {
  it("names a person as they are, and a role in lower case inside the sentence", () => {
    const text = demoText({
      role: "coder: writes the code",
      agent: "Coder",
      task: "Build a REST API",
      round: 1,
      seed: 1,
      notes: [
        { author: "Bo", content: "Add tests" },
        { author: "The run's creator", content: "Use refresh tokens" },
      ],
    });
    expect(text).toContain("Taking Bo's note into account: “Add tests”");
    expect(text).toContain("Taking the run's creator's note into account: “Use refresh tokens”");
  });
});
