// The comment flood (issue 19, finding 6): a public session's run, and comments of the longest allowed
// size on it from fresh identities — a new one (one more page visit) whenever the current one is refused.
import { MAX_CONTENT } from "@/lib/runs/steering/schemas";
import { startExternalRun } from "./attack-runs";
import { errorCode, jsonOf } from "./http";
import { noise } from "./noise";
import { type Attacker, browserHeaders, freshIdentity, pause } from "./visitor";

export interface CommentTarget {
  runId: string;
  /** An event of the run to pin comments to. */
  eventId: string;
}

/**
 * A public session made by `cookie`'s identity, and an external run in it started with that identity's
 * own `runs` key. Null (with the reason on stderr) when the server would not make them.
 */
export async function publicRun(a: Attacker, cookie: string, runsKey: string): Promise<CommentTarget | null> {
  const session = await a.client.json(
    "POST",
    "/api/v1/collaborate",
    { title: `Soak ${a.tag}`, is_public: true, display_name: "Soak" },
    browserHeaders(a, cookie),
  );
  const sessionId = jsonOf<{ session_id: string }>(session)?.session_id;
  if (session.status !== 201 || !sessionId) return setupFailed(`public session: ${session.status} ${session.text}`);
  const runId = await startExternalRun(a, runsKey, sessionId);
  if (!runId) return setupFailed("its run was refused");
  const first = await a.client.json(
    "POST",
    `/api/v1/runs/${runId}/events`,
    { type: "run.log", data: { type: "soak.hello", data: {} } },
    { Authorization: `Bearer ${runsKey}` },
  );
  const eventId = jsonOf<{ last_event_id: string }>(first)?.last_event_id;
  if (first.status !== 200 || !eventId) return setupFailed(`its first event: ${first.status} ${first.text}`);
  return { runId, eventId };
}

function setupFailed(why: string): null {
  console.error(`▸ comment flood not started: ${why}`);
  return null;
}

/** Keeps the run alive (an external run whose producer is silent for 5 minutes is declared lost). */
export async function heartbeat(a: Attacker, target: CommentTarget, runsKey: string): Promise<void> {
  while (!a.signal.aborted) {
    await pause(60_000, a.signal);
    if (a.signal.aborted) break;
    await a.client
      .json("POST", `/api/v1/runs/${target.runId}/events`, { events: [] }, { Authorization: `Bearer ${runsKey}` })
      .catch(() => {});
  }
}

export async function commentFlood(a: Attacker, target: CommentTarget, concurrency: number): Promise<void> {
  const body = JSON.stringify({ content: noise(MAX_CONTENT), anchor: { event_id: target.eventId } });
  const path = `/api/v1/runs/${target.runId}/comments`;
  const worker = async () => {
    let cookie: string | null = null;
    while (!a.signal.aborted) {
      cookie ??= await freshIdentity(a);
      if (!cookie) {
        await pause(250, a.signal);
        continue;
      }
      try {
        const reply = await a.client.json("POST", path, body, browserHeaders(a, cookie));
        // Refused: this identity is spent; the next visit makes another.
        if (!a.tally.reply("comment", reply, body.length)) cookie = null;
      } catch (error) {
        a.tally.failed("comment", error);
        if (errorCode(error) === "ECONNREFUSED") await pause(250, a.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
