import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../args";
import { readEnv } from "../config";
import { HELP } from "../help";

describe("parley gateway on the command line", () => {
  const env = readEnv({ PARLEY_API_KEY: "pk_from_env" });

  it("takes the global options and nothing else", () => {
    const { command, globals } = parseCommandLine(["gateway", "--json", "--server", "http://x:1"], env, true);
    expect(command).toEqual({ name: "gateway" });
    expect(globals).toMatchObject({ json: true, color: false, connection: { server: "http://x:1", apiKey: "pk_from_env" } });
    expect(() => parseCommandLine(["gateway", "now"], env, false)).toThrow(/takes no arguments/);
    expect(() => parseCommandLine(["gateway", "--types", "x"], env, false)).toThrow(/Unknown option/);
  });

  it("has its own help, and is listed in the program's", () => {
    expect(parseCommandLine(["gateway", "--help"], env, false).command).toEqual({ name: "help", topic: "gateway" });
    expect(HELP.gateway).toContain("--scope subscribe:gateway");
    expect(HELP.main).toMatch(/^ {2}gateway {3}every model call/m);
  });
});
