// The command line: which command, its arguments, and the options every command shares. Pure (argv and
// environment in, a command out); anything wrong is a usage error (exit 2).
import { parseArgs } from "node:util";
import { messageOf } from "@/lib/errors";
import { isCursor } from "@/lib/events/cursor";
import { channelNameSchema } from "@/lib/events/envelope";
import { parseTypeFilter, TypeFilterError } from "@/lib/events/filter";
import { type CreateRunInput, createRunSchema, modelIdSchema } from "@/lib/runs/schemas";
import type { Connection } from "./api";
import type { CliEnv } from "./config";
import { usageError } from "./errors";
import type { SavedLogin } from "./saved-login";

export interface Globals {
  connection: Connection;
  json: boolean;
  color: boolean;
  /** The saved login (`parley login`) and its file. */
  config: { file: string; saved: SavedLogin | null };
}

export type Command =
  | { name: "help"; topic: string }
  | { name: "run"; input: CreateRunInput }
  | { name: "watch"; runId: string }
  | { name: "replay"; runId: string; speed: number }
  | { name: "tail"; channel: string; types: string | null; since: string | null }
  | { name: "session"; sessionId: string | null; join: string | null; displayName: string }
  | { name: "gateway" }
  | { name: "say"; runId: string; content: string; to: string | null }
  | { name: "fork"; runId: string; at: string; instruction: string | null; model: string | null }
  | { name: "login"; openBrowser: boolean }
  | { name: "logout" };

type Spec = Record<string, { type: "string" | "boolean"; short?: string }>;
type Values = ReturnType<typeof parse>["values"];

/** A string option's value, or undefined when it was not given. */
function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

const GLOBAL_OPTIONS: Spec = {
  server: { type: "string" },
  "api-key": { type: "string" },
  json: { type: "boolean" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

const COMMAND_OPTIONS: Record<string, Spec> = {
  run: {
    strategy: { type: "string" },
    rounds: { type: "string" },
    budget: { type: "string" },
    model: { type: "string" },
    seed: { type: "string" },
    approve: { type: "string" },
  },
  watch: {},
  replay: { speed: { type: "string" } },
  say: { to: { type: "string" }, "user-id": { type: "string" } },
  fork: { at: { type: "string" }, model: { type: "string" }, "user-id": { type: "string" } },
  tail: { types: { type: "string" }, since: { type: "string" } },
  session: { "user-id": { type: "string" }, join: { type: "string" }, name: { type: "string" } },
  gateway: {},
  login: { url: { type: "string" }, "no-browser": { type: "boolean" } },
  logout: {},
};

function parse(argv: string[], options: Spec) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${messageOf(error).split("\n")[0]}. See \`parley --help\`.`);
  }
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw usageError(`--${name} must be a number, not "${value}".`);
  return n;
}

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--server must be a URL like http://localhost:3000, not "${value}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError("--server must be an http:// or https:// URL.");
  return url.toString().replace(/\/+$/, "");
}

function runInput(positionals: string[], values: Values): CreateRunInput {
  if (positionals.length !== 1)
    throw usageError('Usage: parley run "<task>" [--strategy pipeline|debate|race] — quote the task.');
  const str = (k: string) => text(values, k);
  const parsed = createRunSchema.safeParse({
    task: positionals[0],
    strategy: str("strategy"),
    rounds: number("rounds", str("rounds")),
    budget_usd: number("budget", str("budget")),
    model: str("model"),
    seed: number("seed", str("seed")),
    approval: str("approve"),
  });
  if (!parsed.success) {
    const flag: Record<string, string> = { budget_usd: "--budget", task: "the task", approval: "--approve" };
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? "");
    throw usageError(`${flag[key] ?? `--${key}`}: ${issue?.message ?? "invalid"}.`);
  }
  return parsed.data;
}

/** Every command, as messages list them. */
export const COMMANDS = "run, watch, replay, fork, tail, session, say, gateway, login, logout";

/** The fastest replay: a run of minutes plays in well under a second. */
export const MAX_REPLAY_SPEED = 1000;

function replayCommand(positionals: string[], values: Values): Command {
  const runId = one(positionals, "parley replay <run-id> [--speed 1|4|16]");
  const speed = number("speed", text(values, "speed")) ?? 1;
  if (speed <= 0 || speed > MAX_REPLAY_SPEED) throw usageError(`--speed must be above 0 and at most ${MAX_REPLAY_SPEED}.`);
  return { name: "replay", runId, speed };
}

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw usageError(`Usage: ${usage}`);
  return positionals[0];
}

function tailCommand(positionals: string[], values: Values): Command {
  const channel = one(positionals, "parley tail <channel> [--types agent.*]");
  if (!channelNameSchema.safeParse(channel).success) {
    throw usageError(`"${channel}" is not a channel name: 1–128 characters of a-z, 0-9, '_', '.', '-'.`);
  }
  const types = text(values, "types") ?? null;
  try {
    parseTypeFilter(types);
  } catch (error) {
    if (error instanceof TypeFilterError) throw usageError(`--types: ${error.message}.`);
    throw error;
  }
  const since = text(values, "since") ?? null;
  if (since !== null && !isCursor(since)) throw usageError(`--since must be an event id like 1763726400000-3, not "${since}".`);
  return { name: "tail", channel, types, since };
}

const FORK_USAGE = 'Usage: parley fork <run-id> --at <turn-id or turn number> ["<instruction>"] [--model ID]';

function forkCommand(positionals: string[], values: Values): Command {
  const [runId, instruction, ...extra] = positionals;
  const at = text(values, "at");
  if (!runId || extra.length > 0 || !at?.trim()) throw usageError(`${FORK_USAGE} — quote the instruction.`);
  if (instruction !== undefined && !instruction.trim()) throw usageError("The instruction, when given, cannot be empty.");
  const model = text(values, "model") ?? null;
  if (model !== null && !modelIdSchema.safeParse(model).success) {
    throw usageError(`--model: a model is demo, openai:<name>, anthropic:<name> or compatible:<name>, not "${model}".`);
  }
  return { name: "fork", runId, at: at.trim(), instruction: instruction ?? null, model };
}

export function parseCommandLine(argv: string[], env: CliEnv, stdoutIsTTY: boolean): { command: Command; globals: Globals } {
  // First pass with every option known: find the command wherever the global options are.
  const all: Spec = Object.assign({}, GLOBAL_OPTIONS, ...Object.values(COMMAND_OPTIONS));
  const loose = parse(argv, all);
  const name = loose.positionals[0];
  if (name !== undefined && !(name in COMMAND_OPTIONS) && name !== "help") {
    throw usageError(`Unknown command "${name}". Commands: ${COMMANDS}. See \`parley --help\`.`);
  }
  const { values: v, positionals } = parse(argv, { ...GLOBAL_OPTIONS, ...(name ? COMMAND_OPTIONS[name] : {}) });
  const rest = positionals.slice(1);

  const userId = text(v, "user-id") ?? env.userId;
  const server = serverUrl(text(v, "url") ?? text(v, "server") ?? env.server);
  // The saved key goes only to the server it was made on: --server elsewhere must not send it there.
  const savedKey = env.saved && serverUrl(env.saved.server) === server ? env.saved.api_key : null;
  const globals: Globals = {
    connection: {
      server,
      apiKey: text(v, "api-key") ?? env.apiKey ?? savedKey,
      userId: name === "session" || name === "say" || name === "fork" ? userId : null,
    },
    json: Boolean(v.json),
    color: stdoutIsTTY && !v["no-color"] && !env.noColor && !v.json,
    config: { file: env.configFile, saved: env.saved },
  };

  if (!name || name === "help") return { command: { name: "help", topic: rest[0] ?? "main" }, globals };
  if (v.help) return { command: { name: "help", topic: name }, globals };
  switch (name) {
    case "run":
      return { command: { name: "run", input: runInput(rest, v) }, globals };
    case "watch":
      return { command: { name: "watch", runId: one(rest, "parley watch <run-id>") }, globals };
    case "replay":
      return { command: replayCommand(rest, v), globals };
    case "tail":
      return { command: tailCommand(rest, v), globals };
    case "gateway":
      if (rest.length > 0) throw usageError("Usage: parley gateway (it takes no arguments)");
      return { command: { name: "gateway" }, globals };
    case "say": {
      const [runId, content, ...extra] = rest;
      if (!runId || !content || extra.length > 0)
        throw usageError('Usage: parley say <run-id> "<note>" [--to Agent] — quote the note.');
      return { command: { name: "say", runId, content, to: text(v, "to") ?? null }, globals };
    }
    case "fork":
      return { command: forkCommand(rest, v), globals };
    case "login":
    case "logout":
      if (rest.length > 0) throw usageError(`Usage: parley ${name === "login" ? "login [--url URL] [--no-browser]" : "logout"}`);
      return { command: name === "login" ? { name, openBrowser: !v["no-browser"] } : { name }, globals };
    default: {
      const join = text(v, "join") ?? null;
      // With an invite, the session is the invite's: its id may be left out.
      const sessionId = join && rest.length === 0 ? null : one(rest, "parley session <session-id> [--user-id ID]");
      return {
        command: { name: "session", sessionId, join, displayName: text(v, "name") ?? "Terminal" },
        globals,
      };
    }
  }
}
