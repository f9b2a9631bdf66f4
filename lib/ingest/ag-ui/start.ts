import "server-only";
// POST /api/v1/ag-ui: a CopilotKit or @ag-ui/client front end driving Parley. A RunAgentInput whose last
// user message is the task starts a run (forwardedProps may carry strategy, rounds, budget_usd and
// session_id), streamed back as AG-UI under the client's own threadId and runId. A threadId that names a
// run the caller may read attaches to that run instead (resumable with Last-Event-ID).
import { RunAgentInputSchema } from "@ag-ui/core/schemas";
import type { Actor } from "@/lib/auth/actor";
import type { Run } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { sortableIdPattern } from "@/lib/id-patterns";
import { findReadableRun } from "@/lib/runs/access";
import { startRunInBackground } from "@/lib/runs/execution/start";
import type { EncoderOptions } from "./outbound";
import { agUiRunOptionsSchema } from "./schemas";

const RUN_ID = sortableIdPattern("run");

/** What a RunAgentInput asks to see: the run to stream as AG-UI, and the client's ids to stream it under. */
export interface AgUiTarget {
  run: Run;
  ids: Partial<EncoderOptions>;
}

/** The run a RunAgentInput names (its threadId) or starts (its last user message) — or 422/404. */
export async function agUiTarget(body: unknown, actor: Actor): Promise<AgUiTarget> {
  const parsed = RunAgentInputSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new AppError("validation_failed", "The body is not an AG-UI RunAgentInput", { issues });
  }
  const input = parsed.data;
  if (RUN_ID.test(input.threadId)) {
    const run = await findReadableRun(input.threadId, actor);
    return { run, ids: { threadId: input.threadId, runId: input.runId } };
  }
  const options = agUiRunOptionsSchema.safeParse(input.forwardedProps ?? {});
  if (!options.success) {
    const issues = options.error.issues.map((i) => ({
      path: ["forwardedProps", ...i.path.map(String)].join("."),
      message: i.message,
    }));
    throw new AppError("validation_failed", "forwardedProps: strategy, rounds, budget_usd, session_id", { issues });
  }
  const { strategy, rounds, budget_usd, session_id } = options.data;
  const task = lastUserText(input.messages);
  // At once: this request's response is the run's stream, so a start "after the response" would wait for
  // the run it starts — until its lease ran out and the sweeper picked it up (30 s by default).
  const created = await startRunInBackground({ task, strategy, rounds, budget_usd, session_id, actor }, { now: true });
  const run = await findReadableRun(created.run_id, actor);
  // The client has its own messages (its user message among them): no task message of Parley's.
  return { run, ids: { threadId: input.threadId, runId: input.runId, task: undefined } };
}

function lastUserText(messages: readonly { role: string; content?: unknown }[]): string {
  const last = messages.findLast((m) => m.role === "user");
  const content = last?.content;
  const text =
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((part: { type?: string; text?: string }) => (part.type === "text" ? (part.text ?? "") : "")).join("\n")
        : "";
  if (!text.trim()) {
    throw new AppError("validation_failed", "The task is the last user message, and there is none", {
      issues: [{ path: "messages", message: "add a user message: it is the run's task" }],
    });
  }
  if (text.length > 4000) {
    throw new AppError("validation_failed", "The task is at most 4,000 characters", {
      issues: [{ path: "messages", message: "too long" }],
    });
  }
  return text.trim();
}
