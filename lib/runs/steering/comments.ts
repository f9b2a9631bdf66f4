import "server-only";
// Comments pinned to a turn or an event of a run: anyone who can read the run writes them; authors
// delete their own, the session's owner (or the run's creator) any.
import type { z } from "zod";
import { type Actor, actorPayer } from "@/lib/auth/actor";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { findReadableRun } from "../access";
import { commentEvent } from "./events";
import { requireCommenter } from "./people";
import { COMMENT_ID, type commentInputSchema } from "./schemas";
import { type CommentView, commentView } from "./views";

export async function addComment(input: {
  runId: string;
  actor: Actor;
  controlToken: string | null;
  body: z.infer<typeof commentInputSchema>;
}): Promise<CommentView> {
  const run = await findReadableRun(input.runId, input.actor);
  const person = await requireCommenter(run, input.actor, input.controlToken);
  const { anchor, content } = input.body;
  const db = await getDb();
  if ("turn_id" in anchor) {
    const turn = await db.agentTurn.findFirst({ where: { id: anchor.turn_id, runId: run.id }, select: { id: true } });
    if (!turn)
      throw new AppError("validation_failed", "No such turn in this run", {
        issues: [{ path: "anchor.turn_id", message: "not a turn of this run" }],
      });
  }
  await chargeQuota("comment", actorPayer(input.actor, person.id), { bytes: jsonBytes(input.body) });
  const row = await db.runComment.create({
    data: {
      id: sortableId("cmt"),
      runId: run.id,
      authorId: person.id,
      authorName: person.displayName,
      content,
      turnId: "turn_id" in anchor ? anchor.turn_id : null,
      eventId: "event_id" in anchor ? anchor.event_id : null,
    },
  });
  const view = commentView(row);
  await publishEvent(runChannel(run.id), "run.comment", commentEvent(view));
  return view;
}

export async function deleteComment(input: { runId: string; commentId: string; actor: Actor; controlToken: string | null }) {
  const run = await findReadableRun(input.runId, input.actor);
  const person = await requireCommenter(run, input.actor, input.controlToken);
  const notFound = new AppError("not_found", "Comment not found");
  if (!COMMENT_ID.test(input.commentId)) throw notFound;
  const db = await getDb();
  const comment = await db.runComment.findFirst({ where: { id: input.commentId, runId: run.id } });
  if (!comment) throw notFound;
  const owner = person.role === "owner" || person.role === "creator" || (!run.sessionId && run.createdBy === person.id);
  if (comment.authorId !== person.id && !owner)
    throw new AppError("forbidden", "Only its author or the owner can delete a comment");
  const deleted = await db.runComment.deleteMany({ where: { id: comment.id } });
  if (deleted.count === 1) await publishEvent(runChannel(run.id), "run.comment_deleted", { id: comment.id });
  return { id: comment.id, deleted: true };
}
