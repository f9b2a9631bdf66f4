import "server-only";
// Chat history and new messages. A message is in the database before it is published, so a crash
// between the two loses nothing a reader cannot get from history.
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sessionChannel } from "@/lib/events/envelope";
import { getHub, publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { requireAccess } from "./access";
import type { HistoryQuery, MessageInput, MessageType, Role } from "./schemas";
import { type HistoryPage, type MessageView, messageView } from "./views";

export async function listHistory(sessionId: string, userId: string | null, query: HistoryQuery): Promise<HistoryPage> {
  await requireAccess(sessionId, userId, "read");
  const lastEventId = await getHub().head(sessionChannel(sessionId));
  const db = await getDb();
  const rows = await db.message.findMany({
    where: { sessionId, ...(query.before && { id: { lt: query.before } }) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit).reverse();
  return {
    messages: page.map(messageView),
    has_more: hasMore,
    next_before: hasMore ? (page[0]?.id ?? null) : null,
    last_event_id: lastEventId,
  };
}

// Humans write user messages (and the owner system notices); assistant and agent messages come from runs.
const WRITABLE_BY: Partial<Record<MessageType, readonly Role[]>> = { user: ["owner", "editor"], system: ["owner"] };

export async function sendMessage(
  input: MessageInput & { sessionId: string; userId: string | null; address: string | null },
): Promise<MessageView> {
  const { role, displayName } = await requireAccess(input.sessionId, input.userId, "write");
  if (!WRITABLE_BY[input.message_type]?.includes(role)) {
    throw new AppError("forbidden", `Messages of type ${input.message_type} are not yours to send`);
  }
  const { content, message_type } = input;
  await chargeQuota("message", { person: input.userId, address: input.address }, { bytes: jsonBytes({ content, message_type }) });
  const db = await getDb();
  const row = await db.message.create({
    data: {
      id: sortableId("msg"),
      sessionId: input.sessionId,
      authorId: input.userId,
      authorName: displayName ?? "Someone",
      type: input.message_type,
      content: input.content,
    },
  });
  const message = messageView(row);
  await publishEvent(sessionChannel(input.sessionId), "session.message_created", { message });
  return message;
}

/** "X is typing": published, never stored. */
export async function signalTyping(sessionId: string, userId: string | null, address: string | null): Promise<void> {
  const member = await requireAccess(sessionId, userId, "write");
  await chargeQuota("typing", { person: userId, address });
  await publishEvent(sessionChannel(sessionId), "session.typing", { user_id: member.userId, display_name: member.displayName });
}

/** A message from Parley itself (a run started or finished in the session). */
export async function postSystemMessage(
  sessionId: string,
  content: string,
  type: "system" | "agent" = "system",
): Promise<MessageView> {
  const db = await getDb();
  const row = await db.message.create({
    data: { id: sortableId("msg"), sessionId, authorId: null, authorName: "Parley", type, content: content.slice(0, 8000) },
  });
  const message = messageView(row);
  await publishEvent(sessionChannel(sessionId), "session.message_created", { message });
  return message;
}
