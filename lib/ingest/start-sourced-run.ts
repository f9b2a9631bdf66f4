import "server-only";
// Starting a run whose agents live elsewhere (POST /api/v1/runs with a `source`): an external run whose
// producer posts its events, or an AG-UI agent Parley calls itself — after the response, like a built-in run.
import { after } from "next/server";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { checkAgentUrl, pullAgUi } from "@/lib/ingest/ag-ui/pull";
import { createAgUiRunSchema } from "@/lib/ingest/ag-ui/schemas";
import { type CreatedExternalRun, createExternalRun } from "@/lib/ingest/external/create";
import { createExternalRunSchema } from "@/lib/ingest/external/schemas";
import { acquireRunSlot } from "@/lib/runs/execution/run-slots";

/** Whether a create body names where its run comes from (else Parley executes it). */
export function hasSource(body: unknown): boolean {
  return typeof body === "object" && body !== null && "source" in body;
}

const SOURCE_HELP = 'use "external" (you post the events) or {"ag_ui": {"url": …}} (Parley calls the agent)';
/** Which way a sourced run comes: the rest of the body is then checked by that way's own schema. */
const sourceOnlySchema = z.looseObject({
  source: z.union([z.literal("external"), z.looseObject({ ag_ui: z.unknown() })], { error: SOURCE_HELP }),
});

export async function startSourcedRun(body: unknown, actor: Actor): Promise<CreatedExternalRun> {
  const { source } = sourceOnlySchema.parse(body);
  if (source === "external") return createExternalRun({ ...createExternalRunSchema.parse(body), actor });
  const input = createAgUiRunSchema.parse(body);
  const agent = input.source.ag_ui;
  const url = checkAgentUrl(agent.url);
  const release = acquireRunSlot(actor.id ?? `address:${actor.address ?? "unknown"}`);
  let created: CreatedExternalRun;
  try {
    const reason = `Pulled from the AG-UI agent at ${url.origin}`;
    created = await createExternalRun({ task: input.task, agents: input.agents, session_id: input.session_id, actor, reason });
  } catch (error) {
    release();
    throw error;
  }
  after(() => pullAgUi({ runId: created.run_id, task: input.task, url, agent }).finally(release));
  return created;
}
