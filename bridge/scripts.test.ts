import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { portableScript, ScriptTranslator } from "./scripts";

const sha = (s: string) => createHash("sha1").update(s).digest("hex");

describe("portable Lua scripts", () => {
  it("drops shebang flags Redis does not know and keeps the ones it does", () => {
    expect(portableScript("#!lua flags=allow-key-locking\nreturn 1")).toBe("\nreturn 1");
    expect(portableScript("#!lua flags=allow-key-locking,no-writes\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(portableScript("#!lua flags=no-writes\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(portableScript("return 1")).toBe("return 1");
    expect(portableScript("#!lua\nreturn 1")).toBe("#!lua\nreturn 1");
  });

  it("maps EVALSHA of the original script to the script Redis was given", () => {
    const t = new ScriptTranslator();
    const original = "#!lua flags=allow-key-locking\nreturn 1";
    // Unknown until the script has been seen: Redis answers NOSCRIPT and the client falls back to EVAL.
    expect(t.translate(["EVALSHA", sha(original), "0"])).toEqual(["EVALSHA", sha(original), "0"]);
    expect(t.translate(["EVAL", original, "0"])).toEqual(["EVAL", "\nreturn 1", "0"]);
    expect(t.translate(["evalsha", sha(original), "1", "k"])).toEqual(["evalsha", sha("\nreturn 1"), "1", "k"]);
    expect(t.translate(["SCRIPT", "LOAD", original])).toEqual(["SCRIPT", "LOAD", "\nreturn 1"]);
    expect(t.translate(["GET", "k"])).toEqual(["GET", "k"]);
  });
});
