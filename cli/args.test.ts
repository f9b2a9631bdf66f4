import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./args";
import { readEnv } from "./config";
import { CliError, EXIT } from "./errors";

const env = readEnv({});
const parse = (...argv: string[]) => parseCommandLine(argv, env, true);

function usage(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
    return (error as CliError).message;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("the command line", () => {
  it("parses replay with its speed, 1 by default, refusing none or a silly one", () => {
    expect(parse("replay", "run_1").command).toEqual({ name: "replay", runId: "run_1", speed: 1 });
    expect(parse("replay", "run_1", "--speed", "16").command).toEqual({ name: "replay", runId: "run_1", speed: 16 });
    expect(usage("replay", "run_1", "--speed", "0")).toMatch(/--speed must be above 0/);
    expect(usage("replay", "run_1", "--speed", "fast")).toMatch(/--speed must be a number/);
    expect(usage("replay", "run_1", "--speed", "5000")).toMatch(/at most 1000/);
    expect(usage("replay")).toMatch(/Usage: parley replay/);
  });

  it("parses run with its options, validated by the server's own schema", () => {
    const { command, globals } = parse(
      "run",
      "Build it",
      "--strategy",
      "debate",
      "--rounds",
      "2",
      "--budget",
      "0.5",
      "--model",
      "demo",
      "--json",
    );
    expect(command).toEqual({
      name: "run",
      input: { task: "Build it", strategy: "debate", rounds: 2, budget_usd: 0.5, model: "demo" },
    });
    expect(globals).toMatchObject({ json: true, color: false, connection: { server: "http://localhost:3000", apiKey: null } });
  });

  it("takes global options anywhere, and the environment as defaults", () => {
    const fromEnv = parseCommandLine(
      ["watch", "run_x"],
      readEnv({ PARLEY_URL: "https://parley.example/", PARLEY_API_KEY: "pk_1", NO_COLOR: "1" }),
      true,
    );
    expect(fromEnv.globals).toMatchObject({ color: false, connection: { server: "https://parley.example", apiKey: "pk_1" } });
    const flags = parseCommandLine(
      ["--server", "http://h:1", "tail", "ingest", "--api-key", "pk_2"],
      readEnv({ PARLEY_URL: "http://other" }),
      true,
    );
    expect(flags.command).toEqual({ name: "tail", channel: "ingest", types: null, since: null });
    expect(flags.globals.connection).toEqual({ server: "http://h:1", apiKey: "pk_2", userId: null });
    expect(parse("tail", "x", "--no-color").globals.color).toBe(false);
    expect(parseCommandLine(["tail", "x"], env, false).globals.color).toBe(false);
  });

  it("sends the session identity only for sessions", () => {
    expect(parse("session", "s_1", "--user-id", "u_abcdefghijklmnop").globals.connection.userId).toBe("u_abcdefghijklmnop");
    expect(parseCommandLine(["watch", "r"], readEnv({ PARLEY_USER_ID: "u_x" }), true).globals.connection.userId).toBeNull();
    expect(parse("session", "--join", "http://h/join?token=abc").command).toMatchObject({
      sessionId: null,
      join: "http://h/join?token=abc",
    });
  });

  it("answers --help for the program and for every command", () => {
    expect(parse().command).toEqual({ name: "help", topic: "main" });
    expect(parse("--help").command).toEqual({ name: "help", topic: "main" });
    for (const name of ["run", "watch", "tail", "session"])
      expect(parse(name, "--help").command).toEqual({ name: "help", topic: name });
    expect(parse("help", "tail").command).toEqual({ name: "help", topic: "tail" });
  });

  it("refuses what is wrong with a message that says what to do (exit 2)", () => {
    expect(usage("fly")).toContain('Unknown command "fly"');
    expect(usage("run")).toContain("quote the task");
    expect(usage("run", "a", "b")).toContain("quote the task");
    expect(usage("run", "x", "--strategy", "chaos")).toContain("--strategy");
    expect(usage("run", "x", "--rounds", "9")).toContain("--rounds");
    expect(usage("run", "x", "--rounds", "two")).toContain("--rounds must be a number");
    expect(usage("run", "x", "--budget", "-1")).toContain("--budget");
    expect(usage("run", "x", "--model", "gpt-4")).toContain("a model is demo");
    expect(usage("run", "x", "--types", "a.*")).toContain("Unknown option '--types'");
    expect(usage("watch")).toContain("parley watch <run-id>");
    expect(usage("tail", "Not A Channel")).toContain("not a channel name");
    expect(usage("tail", "x", "--types", "Bad")).toContain("--types");
    expect(usage("tail", "x", "--since", "yesterday")).toContain("--since");
    expect(usage("watch", "r", "--server", "localhost:3000")).toContain("--server must be");
    expect(usage("watch", "r", "--server", "nope")).toContain("--server must be");
    expect(usage("session")).toContain("parley session <session-id>");
  });

  it("parses fork: the run, --at a turn id or number, the instruction, --model, and who forks", () => {
    const { command, globals } = parse("fork", "run_1", "--at", "3", "Use Redis", "--model", "demo:swift", "--user-id", "u_1");
    expect(command).toEqual({ name: "fork", runId: "run_1", at: "3", instruction: "Use Redis", model: "demo:swift" });
    expect(globals.connection.userId).toBe("u_1");
    expect(parse("fork", "run_1", "--at", "run_1_t2").command).toEqual({
      name: "fork",
      runId: "run_1",
      at: "run_1_t2",
      instruction: null,
      model: null,
    });
    expect(parse("fork", "--help").command).toEqual({ name: "help", topic: "fork" });
    expect(usage("fork", "run_1")).toContain("--at <turn-id or turn number>");
    expect(usage("fork", "--at", "3")).toContain("parley fork <run-id>");
    expect(usage("fork", "run_1", "--at", "3", "a", "b")).toContain("quote the instruction");
    expect(usage("fork", "run_1", "--at", "3", " ")).toContain("cannot be empty");
    expect(usage("fork", "run_1", "--at", "3", "--model", "gpt-4")).toContain("a model is demo");
  });
});
