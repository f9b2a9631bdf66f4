// The external-run flood (issue 19, finding 2): one self-made `runs` key starts several external runs and
// posts full batches of large `run.log` events to each, one batch after another (as README › External runs
// tells a producer to), starting a new run whenever one is ended or refused.
import { errorCode, jsonOf } from "./http";
import { noise } from "./noise";
import { type Attacker, pause } from "./visitor";

export interface RunFloodOptions {
  key: string;
  /** External runs fed at once. */
  runs: number;
  batch: number;
  eventBytes: number;
}

/** `{events: [...]}` of `batch` run.log entries, each carrying `eventBytes` of data. */
export function logBatch(batch: number, eventBytes: number): Buffer {
  const entry = { type: "run.log", data: { type: "soak.log", data: { blob: noise(eventBytes) } } };
  return Buffer.from(JSON.stringify({ events: Array.from({ length: batch }, () => entry) }));
}

/** Starts an external run with `key` (in `sessionId` when given); its id, or null when refused. */
export async function startExternalRun(a: Attacker, key: string, sessionId?: string): Promise<string | null> {
  try {
    const reply = await a.client.json(
      "POST",
      "/api/v1/runs",
      { source: "external", task: `Soak ${a.tag}`, ...(sessionId && { session_id: sessionId }) },
      { Authorization: `Bearer ${key}` },
    );
    const runId = a.tally.reply("run.start", reply) ? jsonOf<{ run_id: string }>(reply)?.run_id : undefined;
    if (runId) {
      a.runIds.add(runId);
      return runId;
    }
  } catch (error) {
    a.tally.failed("run.start", error);
  }
  return null;
}

export async function runFlood(a: Attacker, options: RunFloodOptions): Promise<void> {
  const body = logBatch(options.batch, options.eventBytes);
  const feed = async () => {
    let runId: string | null = null;
    while (!a.signal.aborted) {
      runId ??= await startExternalRun(a, options.key);
      if (!runId) {
        // Refused (the run-start limit, the cap on active runs): a second later, again.
        await pause(1000, a.signal);
        continue;
      }
      try {
        const reply = await a.client.json("POST", `/api/v1/runs/${runId}/events`, body, {
          Authorization: `Bearer ${options.key}`,
        });
        // 409: the run ended (or was ended for it); 404/403: it is no longer ours to feed. Another one, then.
        if (!a.tally.reply("run.log", reply, body.length) && [403, 404, 409].includes(reply.status)) runId = null;
      } catch (error) {
        a.tally.failed("run.log", error);
        if (errorCode(error) === "ECONNREFUSED") await pause(250, a.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: options.runs }, feed));
}
