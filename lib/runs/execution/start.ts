import "server-only";
// Starting a run from a request: a slot among the runs executing at once, then the run, executed after
// the response; the slot is given back when the execution ends (or the run could not be created).
import { after } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { createRun } from "@/lib/runs/create";
import { executeRun } from "@/lib/runs/execution/execute";
import { acquireRunSlot } from "@/lib/runs/execution/run-slots";
import type { CreateRunInput } from "@/lib/runs/schemas";
import type { CreatedRun } from "@/lib/runs/views";

/**
 * `now`: the run starts executing at once rather than after the response — for a request that waits for
 * the run or whose response is its stream (AgentArea's batch mode, AG-UI's POST); after() still keeps the
 * function alive until it ends.
 */
export async function startRunInBackground(
  input: CreateRunInput & { actor: Actor },
  options: { now?: boolean } = {},
): Promise<CreatedRun> {
  const { actor } = input;
  const release = acquireRunSlot(actor.id ?? `address:${actor.address ?? "unknown"}`);
  let created: CreatedRun;
  try {
    created = await createRun(input);
  } catch (error) {
    release();
    throw error;
  }
  const execute = () => executeRun(created.run_id).finally(release);
  after(options.now ? execute() : execute);
  return created;
}
