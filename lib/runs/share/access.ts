import "server-only";
// Reading a run: as anyone may who can read it (lib/runs/access.ts), or with a share link's token — which
// opens that one run, read-only, while the link stands (not revoked, not expired), and nothing else.
import type { Actor } from "@/lib/auth/actor";
import type { SharedReading } from "@/lib/auth/reader-grant";
import { sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { findReadableRun } from "../access";

export interface RunReading {
  run: Run;
  /** The share link the run is read through; null when the reader may read it anyway. */
  share: SharedReading | null;
}

/**
 * The run as this reader may read it. A token that opens nothing (wrong, revoked, expired, another run's)
 * is ignored: the reader then reads as themselves, and an outsider gets the run's 404.
 */
export async function findRunReading(runId: string, actor: Actor, shareToken: string | null): Promise<RunReading> {
  if (shareToken && shareToken.length <= 100) {
    const db = await getDb();
    const link = await db.runShareLink.findUnique({ where: { tokenHash: sha256(shareToken) }, include: { run: true } });
    if (link && link.runId === runId && !link.revokedAt && link.expiresAt.getTime() > Date.now()) {
      return { run: link.run, share: { id: link.id, expiresAt: link.expiresAt.getTime() } };
    }
  }
  return { run: await findReadableRun(runId, actor), share: null };
}
