import "server-only";
// Calls attached to a session (`X-Parley-Session`): the session must exist; its room gets the tap's events
// on its channel and a line in its chat when each call ends. A key with the gateway scope may attach to any
// session whose id it knows — the id is the capability, as for reading a public session — and can add
// nothing there but these announcements.
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { postSystemMessage } from "@/lib/sessions/messages";

export async function assertSessionExists(sessionId: string): Promise<void> {
  const missing = new AppError("bad_request", `X-Parley-Session: there is no session ${sessionId.slice(0, 40)}`);
  if (!/^ses_[0-9a-z]{20}$/.test(sessionId)) throw missing;
  const db = await getDb();
  if (!(await db.session.findUnique({ where: { id: sessionId }, select: { id: true } }))) throw missing;
}

/** Posts the line without waiting; a session deleted meanwhile loses it (logged). */
export function postSessionNote(sessionId: string, text: string): void {
  postSystemMessage(sessionId, text, "agent").catch((error: unknown) => {
    console.error(`the gateway could not post to session ${sessionId}`, error);
  });
}
