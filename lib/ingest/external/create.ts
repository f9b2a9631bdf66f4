import "server-only";
import { type Actor, actorPayer } from "@/lib/auth/actor";
// Starting an external run: stored as running (its producer is already at work), announced like a
// built-in run — to its channel and, in a session, to the room and its chat — and handed back with
// where its producer sends events and follows people's controls.
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { runChannel, sessionChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { runCreatedData } from "@/lib/runs/engine/lifecycle";
import type { RunConfig } from "@/lib/runs/schemas";
import { NO_APPROVAL } from "@/lib/runs/steering/schemas";
import { shorten } from "@/lib/runs/text";
import type { CreatedRun } from "@/lib/runs/views";
import { requireAccess } from "@/lib/sessions/access";
import { postSystemMessage } from "@/lib/sessions/messages";
import type { CreateExternalRunInput } from "./schemas";

export interface CreatedExternalRun extends CreatedRun {
  /** POST the producer's events here ({type, data} or {events: [...]}). */
  events_url: string;
  /** POST AG-UI events here (a JSON array, NDJSON, or an SSE body). */
  ag_ui_url: string;
  /** People's controls for the producer, as SSE. */
  controls_url: string;
}

export const EXTERNAL_REASON = "Streamed in by an outside producer";

export async function createExternalRun(
  input: Omit<CreateExternalRunInput, "source"> & { actor: Actor; reason?: string },
): Promise<CreatedExternalRun> {
  const { actor, ...asked } = input;
  await chargeQuota("run", actorPayer(actor, actor.id), { bytes: jsonBytes(asked) });
  const sessionId = input.session_id ?? null;
  const starter = sessionId ? await requireAccess(sessionId, input.actor.userId, "write") : null;
  const agents = (input.agents ?? []).map((a) => ({ name: a.name, role: a.role ?? "agent", model: a.model ?? "external" }));
  const config: RunConfig = {
    agents,
    rounds: 1,
    budget_usd: null,
    max_tokens: null,
    seed: 0,
    approval: NO_APPROVAL,
    ...(input.capabilities && { capabilities: input.capabilities }),
  };
  const db = await getDb();
  const id = sortableId("run");
  const controlToken = randomToken(24);
  const now = new Date();
  const reason = input.reason ?? EXTERNAL_REASON;
  await db.run.create({
    data: {
      id,
      task: input.task,
      strategy: "external",
      strategyReason: reason,
      status: "running",
      config,
      sessionId,
      createdBy: input.actor.id,
      controlHash: sha256(controlToken),
      startedAt: now,
      // The producer's lease starts now: silent for PARLEY_EXTERNAL_IDLE_S, the run fails as producer_lost.
      heartbeatAt: now,
    },
  });
  const channel = runChannel(id);
  await publishEvent(channel, "run.created", runCreatedData({ id, task: input.task, strategy: "external", config }, sessionId));
  await publishEvent(channel, "run.started", { agents, rounds: 1, budget_usd: null, max_tokens: null, approval: NO_APPROVAL });
  if (sessionId) {
    await publishEvent(sessionChannel(sessionId), "session.run_started", {
      run_id: id,
      task: input.task,
      strategy: "external",
      started_by: input.actor.userId,
    });
    const who = starter?.displayName ?? "Someone";
    await postSystemMessage(sessionId, `${who} streamed in an external run: “${shorten(input.task, 120)}” — /runs/${id}`);
  }
  const base = `/api/v1/runs/${id}`;
  return {
    run_id: id,
    status: "running",
    strategy: "external",
    stream_url: `${base}/events`,
    status_url: base,
    control_token: controlToken,
    events_url: `${base}/events`,
    ag_ui_url: `${base}/ag-ui`,
    controls_url: `${base}/controls`,
  };
}
