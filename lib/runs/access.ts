import "server-only";
// Who may read a run and who may steer it.
import { safeEqual, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { sortableIdPattern } from "@/lib/id-patterns";
import { requireAccess } from "@/lib/sessions/access";
import type { Actor } from "../auth/actor";

const RUN_ID = sortableIdPattern("run");
const runNotFound = () => new AppError("not_found", "Run not found");

/** The run when the actor may read it; runs in a private session are 404 to outsiders. A pure read. */
export async function findReadableRun(runId: string, actor: Actor): Promise<Run> {
  if (!RUN_ID.test(runId)) throw runNotFound();
  const db = await getDb();
  const found = await db.run.findUnique({ where: { id: runId } });
  if (!found) throw runNotFound();
  if (found.sessionId) await requireAccess(found.sessionId, actor.userId, "read").catch(refusalAsRunNotFound);
  return found;
}

/** The session's refusal, said of the run; any other failure (the database, say) stays what it is. */
function refusalAsRunNotFound(error: unknown): never {
  if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) throw runNotFound();
  throw error;
}

/** Who may steer a run: its creator, the holder of its control token, or an editor of its session. */
export async function requireControl(
  run: Pick<Run, "createdBy" | "controlHash" | "sessionId">,
  actor: Actor,
  token: string | null,
): Promise<void> {
  if (actor.id && run.createdBy === actor.id) return;
  if (token && run.controlHash && safeEqual(sha256(token), run.controlHash)) return;
  if (run.sessionId) {
    await requireAccess(run.sessionId, actor.userId, "write");
    return;
  }
  throw new AppError("forbidden", "Only whoever started this run can control it");
}
