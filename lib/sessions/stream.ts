import "server-only";
// Serving a session's live stream: readers must be allowed to read; participants show as online.
import type { Envelope } from "@/lib/events/envelope";
import { sessionChannel } from "@/lib/events/envelope";
import { serveStream } from "@/lib/http/serve-stream";
import { rateLimit } from "@/lib/rate-limit";
import { requireAccess } from "./access";
import { trackPresence } from "./presence";

export async function sessionStream(request: Request, sessionId: string, userId: string | null): Promise<Response> {
  const { role } = await requireAccess(sessionId, userId, "read");
  if (userId) await rateLimit("stream", userId);
  // The stream is over when the session is deleted, or when this reader leaves or is removed.
  const isFinal = (e: Envelope) =>
    e.type === "session.deleted" ||
    (e.type === "session.participant_left" && (e.data as { user_id?: string }).user_id === userId);
  const release = role && userId ? trackPresence(sessionId, userId) : undefined;
  try {
    return await serveStream(request, { channel: sessionChannel(sessionId), start: "now", isFinal, onClose: release });
  } catch (error) {
    release?.();
    throw error;
  }
}
