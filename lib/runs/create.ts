import "server-only";
// Starting a run: plan it, store it queued, announce it. It executes afterwards (lib/runs/execution/execute.ts).
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { runChannel, sessionChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { requireAccess } from "@/lib/sessions/access";
import { postSystemMessage } from "@/lib/sessions/messages";
import { type Actor, actorPayer } from "../auth/actor";
import { runCreatedData } from "./engine/lifecycle";
import { buildConfig, selectStrategy } from "./engine/plan";
import { assertModelAvailable, configuredModels, defaultModelId } from "./models/providers";
import type { CreateRunInput } from "./schemas";
import { shorten } from "./text";
import type { CreatedRun } from "./views";

export async function createRun(input: CreateRunInput & { actor: Actor }): Promise<CreatedRun> {
  const { actor, ...asked } = input;
  await chargeQuota("run", actorPayer(actor, actor.id), { bytes: jsonBytes(asked) });
  const { strategy, reason } = selectStrategy(input.task, input.strategy);
  const config = buildConfig(strategy, input, defaultModelId(), configuredModels());
  for (const agent of config.agents) assertModelAvailable(agent.model);
  const sessionId = input.session_id ?? null;
  const starter = sessionId ? await requireAccess(sessionId, input.actor.userId, "write") : null;

  const db = await getDb();
  const id = sortableId("run");
  const controlToken = randomToken(24);
  await db.run.create({
    data: {
      id,
      task: input.task,
      strategy,
      strategyReason: reason,
      status: "queued",
      config,
      sessionId,
      createdBy: input.actor.id,
      controlHash: sha256(controlToken),
      budgetUsd: config.budget_usd,
    },
  });
  await publishEvent(runChannel(id), "run.created", runCreatedData({ id, task: input.task, strategy, config }, sessionId));
  if (sessionId) {
    await publishEvent(sessionChannel(sessionId), "session.run_started", {
      run_id: id,
      task: input.task,
      strategy,
      started_by: input.actor.userId,
    });
    await postSystemMessage(
      sessionId,
      `${starter?.displayName ?? "Someone"} started a ${strategy}: “${shorten(input.task, 120)}” — /runs/${id}`,
    );
  }
  return {
    run_id: id,
    status: "queued",
    strategy,
    stream_url: `/api/v1/runs/${id}/events`,
    status_url: `/api/v1/runs/${id}`,
    control_token: controlToken,
  };
}
