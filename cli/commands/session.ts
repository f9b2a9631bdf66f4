// `parley session <id>`: the session's recent history, then its chat live; editors and owners get a
// prompt to send messages. Identity is X-User-ID (see the command's --help for what that needs).
import { createInterface, type Interface } from "node:readline";
import type { GetHistoryResponse } from "@/app/api/v1/collaborate/[id]/history/route";
import type { GetSessionResponse } from "@/app/api/v1/collaborate/[id]/route";
import type { JoinResponse } from "@/app/api/v1/collaborate/join/route";
import type { Envelope } from "@/lib/events/envelope";
import type { MessageView } from "@/lib/sessions/views";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import { follow } from "../sse";
import { type Paint, painter } from "../ui/text";
import type { Io } from "./run";

type Data = Record<string, unknown>;

export function messageLine(m: MessageView, paint: Paint, me: string | null): string {
  const time = new Date(m.created_at).toTimeString().slice(0, 5);
  const who = m.author_id && m.author_id === me ? `${m.author_name} (you)` : m.author_name;
  if (m.message_type === "system" || m.message_type === "agent") return paint("gray", `${time}  · ${m.content}`);
  return `${paint("gray", time)}  ${paint("bold", who)}: ${m.content}`;
}

/** A line for a session event other than a message (which the caller prints once per id), or null. */
export function sessionEventLine(e: Envelope, names: Map<string, string>, paint: Paint): string | null {
  const d = (e.data ?? {}) as Data;
  const name = (id: unknown) => names.get(String(id)) ?? String(id);
  switch (e.type) {
    case "session.participant_joined":
      return paint("gray", `→ ${name(d.user_id)} joined`);
    case "session.participant_left":
      return paint("gray", `← ${name(d.user_id)} ${d.reason === "removed" ? "was removed" : "left"}`);
    case "session.run_started":
      return paint("cyan", `▶ a run started: ${String(d.task ?? "")} — watch it: parley watch ${String(d.run_id)}`);
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

export async function sessionCommand(
  cmd: { sessionId: string | null; join: string | null; displayName: string },
  g: Globals,
  io: Io,
): Promise<ExitCode> {
  const c = g.connection;
  const paint = painter(g.color);
  let sessionId = cmd.sessionId;
  if (cmd.join) {
    if (!c.userId) throw new CliError(EXIT.usage, "Joining needs an identity: pass --user-id (see `parley session --help`).");
    const joined = await request<JoinResponse>(c, "POST", "/api/v1/collaborate/join", {
      body: { invite_token: inviteToken(cmd.join), display_name: cmd.displayName },
      what: "the invite",
    });
    sessionId = joined.session_id;
  }
  if (!sessionId) throw new CliError(EXIT.usage, "Usage: parley session <session-id> (or --join <invite>)");
  const id = sessionId;

  const info = await request<GetSessionResponse>(c, "GET", path(id), { what: `session ${id}` }).catch((e) => {
    throw notFoundHint(c, e);
  });
  const seen = new Set<string>();
  const names = new Map<string, string>();
  let rl: Interface | null = null;
  const print = (line: string) => {
    if (!rl) return void io.stdout.write(`${line}\n`);
    // Incoming lines go above the prompt, which is redrawn with whatever was being typed.
    io.stdout.write(`\r\x1b[2K${line}\n`);
    rl.prompt(true);
  };
  const printNew = (messages: MessageView[]) => {
    for (const m of messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      names.set(m.author_id ?? "", m.author_name);
      if (!g.json) print(messageLine(m, paint, info.my_user_id));
    }
  };
  const loadHistory = () => request<GetHistoryResponse>(c, "GET", path(id, "/history?limit=50"), { what: `session ${id}` });

  const history = await loadHistory();
  const canWrite = info.my_role === "owner" || info.my_role === "editor";
  if (!g.json) {
    const role = info.my_role ? `you are ${info.my_role}` : "reading as a guest";
    io.stdout.write(`${paint("bold", info.title)} · ${info.participant_count} participant(s) · ${role}\n`);
  }
  printNew(history.messages);

  const stop = new AbortController();
  const interactive = canWrite && !g.json && Boolean(process.stdin.isTTY);
  const onSigint = () => stop.abort();
  if (interactive) {
    rl = createInterface({ input: process.stdin, output: io.stdout, prompt: paint("cyan", "> ") });
    rl.on("line", (text) => {
      io.stdout.write("\x1b[1A\x1b[2K"); // the typed line comes back from the stream as a message
      const content = text.trim();
      if (content) {
        request(c, "POST", path(id, "/messages"), { body: { content }, what: "your message" }).catch((e: Error) =>
          print(paint("red", e.message)),
        );
      }
      rl?.prompt();
    });
    rl.on("SIGINT", () => rl?.close());
    rl.on("close", () => stop.abort());
    rl.prompt();
  } else {
    process.on("SIGINT", onSigint);
    if (!g.json && !canWrite) io.stderr.write(paint("gray", "Read-only: only editors and owners can send messages.\n"));
  }

  let ended = false;
  try {
    await follow({
      connection: c,
      path: path(id, "/stream"),
      what: `session ${id}`,
      cursor: history.last_event_id,
      signal: stop.signal,
      onStatus: (status) => {
        if (status === "reconnecting" && !g.json) print(paint("yellow", "… reconnecting"));
      },
      onEvent: (event) => {
        if (g.json) io.stdout.write(`${JSON.stringify(event)}\n`);
        const d = (event.data ?? {}) as Data;
        const participant = d.participant as { user_id?: string; display_name?: string } | undefined;
        if (participant?.user_id && participant.display_name) names.set(participant.user_id, participant.display_name);
        if (event.type === "session.message_created") printNew([d.message as MessageView]);
        else if (!g.json) {
          const line = sessionEventLine(event, names, paint);
          if (line) print(line);
        }
        if (event.type === "stream.reset")
          void loadHistory().then(
            (h) => printNew(h.messages),
            () => {},
          );
        if (event.type === "session.deleted" || (event.type === "session.participant_left" && d.user_id === info.my_user_id)) {
          ended = true;
          stop.abort();
        }
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
    rl?.close();
    if (interactive) io.stdout.write("\n"); // leave the prompt's line
  }
  if (ended && !g.json) io.stderr.write("The session is over for you.\n");
  return EXIT.ok;
}
