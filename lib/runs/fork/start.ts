import "server-only";
// Forking a run from a request: a run start like any (its slot among the runs executing at once, its
// quota), the fork created, then executed after the response; the answer is the fork's snapshot.
import { after } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { executeRun } from "../execution/execute";
import { acquireRunSlot } from "../execution/run-slots";
import { getRunSnapshot } from "../queries";
import type { RunSnapshot } from "../views";
import { createFork } from "./create";
import type { ForkRunInput } from "./schemas";

export async function forkRunInBackground(input: {
  sourceId: string;
  actor: Actor;
  body: ForkRunInput;
}): Promise<{ snapshot: RunSnapshot; controlToken: string }> {
  const { actor } = input;
  const release = acquireRunSlot(actor.id ?? `address:${actor.address ?? "unknown"}`);
  let created: Awaited<ReturnType<typeof createFork>>;
  try {
    created = await createFork(input);
  } catch (error) {
    release();
    throw error;
  }
  // An external fork is its producer's to run (told by createFork); it holds no slot here.
  if (created.external) release();
  else after(() => executeRun(created.runId).finally(release));
  return { snapshot: await getRunSnapshot(created.runId, actor), controlToken: created.controlToken };
}
