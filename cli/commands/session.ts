// `parley session <id>`: the session's recent history, then its chat live; editors and owners get a
// prompt to send messages. Identity is X-User-ID (see the command's --help for what that needs).
import { createInterface, type Interface } from "node:readline";
import { messageOf } from "@/lib/errors";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { canWrite } from "@/lib/sessions/room-state";
import type { HistoryPage, JoinResult, MessageView, SessionView } from "@/lib/sessions/views";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { follow } from "../sse";
import { type Paint, painter } from "../ui/text";

export function messageLine(m: MessageView, paint: Paint, me: string | null): string {
  const time = new Date(m.created_at).toTimeString().slice(0, 5);
  const who = m.author_id && m.author_id === me ? `${m.author_name} (you)` : m.author_name;
  if (m.message_type === "system" || m.message_type === "agent") return paint("gray", `${time}  · ${m.content}`);
  return `${paint("gray", time)}  ${paint("bold", who)}: ${m.content}`;
}

/** A line for a session event other than a message (which the caller prints once per id), or null. */
export function sessionEventLine(envelope: Envelope, names: Map<string, string>, paint: Paint): string | null {
  const e = asBuiltinEvent(envelope);
  const name = (id: string) => names.get(id) ?? id;
  switch (e?.type) {
    case "session.participant_joined":
      return paint("gray", `→ ${name(e.data.user_id)} joined`);
    case "session.participant_left":
      return paint("gray", `← ${name(e.data.user_id)} ${e.data.reason === "removed" ? "was removed" : "left"}`);
    case "session.run_started":
      return paint("cyan", `▶ a run started: ${e.data.task ?? ""} — watch it: parley watch ${e.data.run_id}`);
    case "session.deleted":
      return paint("yellow", "The session was deleted.");
    case "stream.reset":
      return paint("yellow", "The stream was reset: reloading recent messages.");
    default:
      return null;
  }
}

/** `https://…/join?token=abc` or `abc` → `abc`. */
export function inviteToken(value: string): string {
  try {
    return new URL(value).searchParams.get("token") ?? value;
  } catch {
    return value;
  }
}

const path = (id: string, rest = "") => `/api/v1/collaborate/${encodeURIComponent(id)}${rest}`;

function notFoundHint(c: Connection, error: unknown): unknown {
  if (!(error instanceof CliError) || error.exitCode !== EXIT.usage || !error.message.startsWith("Not found")) return error;
  const hint = c.userId
    ? "If it is private, the server must trust X-User-ID (PARLEY_TRUST_USER_HEADER=true) and you must be in it."
    : "If it is private, say who you are with --user-id (the server must run with PARLEY_TRUST_USER_HEADER=true).";
  return new CliError(EXIT.usage, `${error.message} ${hint}`);
}

/** The session to follow: the one named, or the one an invite joins (which needs an identity). */
async function sessionToFollow(cmd: { sessionId: string | null; join: string | null; displayName: string }, c: Connection) {
  if (cmd.join) {
    if (!c.userId) throw new CliError(EXIT.usage, "Joining needs an identity: pass --user-id (see `parley session --help`).");
    const joined = await request<JoinResult>(c, "POST", "/api/v1/collaborate/join", {
      body: { invite_token: inviteToken(cmd.join), display_name: cmd.displayName },
      what: "the invite",
    });
    return joined.session_id;
  }
  if (!cmd.sessionId) throw new CliError(EXIT.usage, "Usage: parley session <session-id> (or --join <invite>)");
  return cmd.sessionId;
}

/** The chat as lines: each message once, and who is who for the event lines; above the prompt if there is one. */
class ChatLog {
  readonly names = new Map<string, string>();
  private readonly seen = new Set<string>();
  rl: Interface | null = null;

  constructor(
    private readonly io: Io,
    private readonly paint: Paint,
    private readonly me: string | null,
    private readonly quiet: boolean,
  ) {}

  print(line: string): void {
    if (!this.rl) return void this.io.stdout.write(`${line}\n`);
    // Incoming lines go above the prompt, which is redrawn with whatever was being typed.
    this.io.stdout.write(`\r\x1b[2K${line}\n`);
    this.rl.prompt(true);
  }

  messages(messages: MessageView[]): void {
    for (const m of messages) {
      if (this.seen.has(m.id)) continue;
      this.seen.add(m.id);
      this.names.set(m.author_id ?? "", m.author_name);
      if (!this.quiet) this.print(messageLine(m, this.paint, this.me));
    }
  }
}

/** A prompt for editors and owners: each line typed is sent, and comes back from the stream as a message. */
function openPrompt(c: Connection, id: string, log: ChatLog, o: { io: Io; paint: Paint; stop: AbortController }): Interface {
  const rl = createInterface({ input: process.stdin, output: o.io.stdout, prompt: o.paint("cyan", "> ") });
  rl.on("line", (text) => {
    o.io.stdout.write("\x1b[1A\x1b[2K"); // the typed line comes back from the stream as a message
    const content = text.trim();
    if (content) {
      request(c, "POST", path(id, "/messages"), { body: { content }, what: "your message" }).catch((e) =>
        log.print(o.paint("red", messageOf(e))),
      );
    }
    rl.prompt();
  });
  rl.on("SIGINT", () => rl.close());
  rl.on("close", () => o.stop.abort());
  rl.prompt();
  return rl;
}

/**
 * What one stream event does to the chat: a name learnt, a message or a line printed, the history
 * reloaded after a reset. True when the session is over for me (deleted, or I left or was removed).
 */
function showEvent(
  envelope: Envelope,
  log: ChatLog,
  o: { json: boolean; paint: Paint; me: string | null; reload: () => void },
): boolean {
  const e = asBuiltinEvent(envelope);
  if (e?.type === "session.participant_joined" || e?.type === "session.participant_updated") {
    const { user_id, display_name } = e.data.participant;
    if (display_name) log.names.set(user_id, display_name);
  }
  if (e?.type === "session.message_created") log.messages([e.data.message]);
  else if (!o.json) {
    const line = sessionEventLine(envelope, log.names, o.paint);
    if (line) log.print(line);
  }
  if (e?.type === "stream.reset") o.reload();
  return e?.type === "session.deleted" || (e?.type === "session.participant_left" && e.data.user_id === o.me);
}

/**
 * Who may write, on a terminal, gets a prompt (Ctrl-C closes it and stops); anyone else stops with
 * Ctrl-C. Returns the undoing, for when the stream ends.
 */
function takeInput(
  c: Connection,
  id: string,
  log: ChatLog,
  o: { writer: boolean; json: boolean; io: Io; paint: Paint; stop: AbortController },
): () => void {
  const { writer, json, io, paint, stop } = o;
  if (writer && !json && process.stdin.isTTY) {
    log.rl = openPrompt(c, id, log, { io, paint, stop });
    return () => {
      log.rl?.close();
      io.stdout.write("\n"); // leave the prompt's line
    };
  }
  const onSigint = () => stop.abort();
  process.on("SIGINT", onSigint);
  if (!json && !writer) io.stderr.write(paint("gray", "Read-only: only editors and owners can send messages.\n"));
  return () => process.off("SIGINT", onSigint);
}

export async function sessionCommand(
  cmd: { sessionId: string | null; join: string | null; displayName: string },
  g: Globals,
  io: Io,
): Promise<ExitCode> {
  const c = g.connection;
  const paint = painter(g.color);
  const id = await sessionToFollow(cmd, c);
  const info = await request<SessionView>(c, "GET", path(id), { what: `session ${id}` }).catch((e) => {
    throw notFoundHint(c, e);
  });
  const log = new ChatLog(io, paint, info.my_user_id, g.json);
  const loadHistory = () => request<HistoryPage>(c, "GET", path(id, "/history?limit=50"), { what: `session ${id}` });

  const history = await loadHistory();
  if (!g.json) {
    const role = info.my_role ? `you are ${info.my_role}` : "reading as a guest";
    io.stdout.write(`${paint("bold", info.title)} · ${info.participant_count} participant(s) · ${role}\n`);
  }
  log.messages(history.messages);

  const stop = new AbortController();
  const releaseInput = takeInput(c, id, log, { writer: canWrite(info.my_role), json: g.json, io, paint, stop });

  // After a reset, the recent history again: messages it holds that were missed are printed once.
  const reload = () =>
    void loadHistory().then(
      (h) => log.messages(h.messages),
      () => {},
    );
  let ended = false;
  try {
    await follow({
      connection: c,
      // Parley's envelope: the path's default is LLMHive's frames (docs/dialects.md).
      path: path(id, "/stream?format=parley"),
      what: `session ${id}`,
      cursor: history.last_event_id,
      signal: stop.signal,
      onStatus: (status) => {
        if (status === "reconnecting" && !g.json) log.print(paint("yellow", "… reconnecting"));
      },
      onEvent: (envelope) => {
        if (g.json) io.stdout.write(`${JSON.stringify(envelope)}\n`);
        if (showEvent(envelope, log, { json: g.json, paint, me: info.my_user_id, reload })) {
          ended = true;
          stop.abort();
        }
      },
    });
  } finally {
    releaseInput();
  }
  if (ended && !g.json) io.stderr.write("The session is over for you.\n");
  return EXIT.ok;
}
