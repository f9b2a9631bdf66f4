import "server-only";
// Share links of a run: made, listed and revoked by whoever may control the run (its creator, the holder
// of its control token, an editor or the owner of its session). The token (256 bits) is shown once and
// stored only as its SHA-256. Revoking one ends the streams it opened at once (lib/auth/stream-grants.ts).
import { type Actor, actorPayer } from "@/lib/auth/actor";
import { chargeQuota } from "@/lib/auth/quotas";
import { streamGrants } from "@/lib/auth/stream-grants";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import type { RunShareLink } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { randomId } from "@/lib/ids";
import { findReadableRun, requireControl } from "../access";
import { type CreateShareLinkInput, MAX_SHARE_LINKS_PER_RUN, type ShareLinkView, sharedRunPath } from "./schemas";

export type { ShareLinkView } from "./schemas";

export type CreatedShareLink = ShareLinkView & { token: string; url: string };

interface Manager {
  runId: string;
  actor: Actor;
  controlToken: string | null;
}

async function requireManager({ runId, actor, controlToken }: Manager) {
  const run = await findReadableRun(runId, actor);
  await requireControl(run, actor, controlToken);
  return run;
}

export async function createShareLink(
  input: Manager & { body: CreateShareLinkInput; baseUrl: string },
): Promise<CreatedShareLink> {
  const run = await requireManager(input);
  await chargeQuota("shareLink", actorPayer(input.actor));
  const db = await getDb();
  const now = new Date();
  const standing = await db.runShareLink.count({ where: { runId: run.id, revokedAt: null, expiresAt: { gt: now } } });
  if (standing >= MAX_SHARE_LINKS_PER_RUN) {
    throw new AppError("conflict", `A run can have ${MAX_SHARE_LINKS_PER_RUN} share links at once: revoke one first`);
  }
  const token = randomToken(32);
  const row = await db.runShareLink.create({
    data: {
      id: randomId("shl"),
      runId: run.id,
      tokenHash: sha256(token),
      createdBy: input.actor.id ?? "control-token",
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.body.expires_in_s * 1000),
    },
  });
  return { ...shareLinkView(row), token, url: new URL(sharedRunPath(run.id, token), input.baseUrl).toString() };
}

export async function listShareLinks(input: Manager): Promise<ShareLinkView[]> {
  const run = await requireManager(input);
  const db = await getDb();
  const rows = await db.runShareLink.findMany({ where: { runId: run.id }, orderBy: { id: "desc" } });
  return rows.map(shareLinkView);
}

/** Revoking twice is fine; the streams the link opened end either way. */
export async function revokeShareLink(input: Manager & { linkId: string }): Promise<ShareLinkView> {
  const run = await requireManager(input);
  const db = await getDb();
  const link = await db.runShareLink.findFirst({ where: { id: input.linkId, runId: run.id } });
  if (!link) throw new AppError("not_found", "Share link not found");
  const revoked = link.revokedAt
    ? link
    : await db.runShareLink.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
  await streamGrants().revokeShareLink(link.id);
  return shareLinkView(revoked);
}

function shareLinkView(row: RunShareLink): ShareLinkView {
  return {
    id: row.id,
    run_id: row.runId,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    revoked: row.revokedAt !== null,
    expired: row.expiresAt.getTime() <= Date.now(),
  };
}
