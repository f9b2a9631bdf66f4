import "server-only";
// Parley calling an AG-UI agent itself: @ag-ui/client's HttpAgent with a RunAgentInput whose threadId is
// the run's id and whose one message is the task; what it streams is taken in like a posted stream.
// Only hosts the operator allowed are called (PARLEY_AG_UI_ALLOWED_HOSTS), redirects are refused, and a
// person's cancel aborts the call.
import { HttpAgent } from "@ag-ui/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { controlChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { ingestBatch } from "@/lib/ingest/external/ingest";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { AgUiBatcher } from "./ingest";
import type { AgUiSource } from "./schemas";

/** The agent's URL when its host is allowed — else 403, saying how to allow it. */
export function checkAgentUrl(raw: string): URL {
  const url = new URL(raw);
  if (url.username || url.password) throw new AppError("validation_failed", "Put credentials in headers, not in the URL");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const allowed = env.PARLEY_AG_UI_ALLOWED_HOSTS.some((entry) => {
    const [name = "", only] = entry.split(/:(?=\d+$)/);
    const hostMatches = name.startsWith("*.") ? host.endsWith(name.slice(1)) : host === name.replace(/^\[|\]$/g, "");
    return hostMatches && (only === undefined || only === port);
  });
  if (!allowed) {
    throw new AppError("forbidden", `Parley may not call ${host}:${port}: add it to PARLEY_AG_UI_ALLOWED_HOSTS on the server`);
  }
  return url;
}

/** fetch for the agent: the host checked again on every call, and no redirect followed anywhere. */
const guardedFetch = (url: string, init: RequestInit) => {
  checkAgentUrl(url);
  return fetch(url, { ...init, redirect: "error" });
};

export async function pullAgUi(input: { runId: string; task: string; url: URL; agent: AgUiSource }): Promise<void> {
  const { runId } = input;
  const agent = new HttpAgent({
    url: input.url.toString(),
    headers: input.agent.headers ?? {},
    threadId: runId,
    initialMessages: [{ id: `${runId}_task`, role: "user", content: input.task }],
    fetch: guardedFetch,
  });
  const batcher = new AgUiBatcher(runId);
  let cancelled = false;
  const stopWatching = getHub().subscribe(controlChannel(runId), {}, (event) => {
    if (event.type !== "control.cancel") return;
    cancelled = true;
    agent.abortRun();
  });
  let failure: { error_type: string; message: string } | null = null;
  try {
    await agent.runAgent(
      { runId, forwardedProps: input.agent.forwarded_props ?? {} },
      {
        onEvent: ({ event }) => {
          batcher.push({ value: event });
          if (batcher.failed) agent.abortRun();
        },
      },
    );
  } catch (error) {
    failure = { error_type: "agent_failed", message: `The AG-UI agent's stream failed: ${messageOf(error)}` };
  } finally {
    stopWatching();
  }
  const status = await batcher.drain().then(
    (done) => done.status,
    (error: unknown) => {
      failure ??= { error_type: "agent_stream_refused", message: `Parley refused the agent's stream: ${messageOf(error)}` };
      return "running" as const;
    },
  );
  if (isTerminalStatus(status)) return;
  await endUnfinished(runId, cancelled ? null : failure, cancelled);
}

/** A stream that stopped without RUN_FINISHED or RUN_ERROR ends the run: cancelled if people asked, else failed. */
async function endUnfinished(
  runId: string,
  failure: { error_type: string; message: string } | null,
  cancelled: boolean,
): Promise<void> {
  await ingestBatch(runId, () => {
    if (cancelled) return { items: [{ type: "run.cancelled", data: { reason: "Cancelled by the people watching" } }] };
    const message = failure?.message ?? "The AG-UI agent's stream ended without RUN_FINISHED";
    return { items: [{ type: "run.failed", data: { error_type: failure?.error_type ?? "agent_stream_ended", message } }] };
  }).catch((error: unknown) => {
    // Ended meanwhile (by its producer_lost sweep, say): nothing left to do.
    if (!(error instanceof AppError && error.code === "conflict"))
      console.error(`run ${runId}: ending the pulled run failed`, error);
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
