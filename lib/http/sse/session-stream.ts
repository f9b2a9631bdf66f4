import "server-only";
// A session's live stream as an SSE response (the domain half is lib/sessions/stream.ts).
import { openSessionReader } from "@/lib/sessions/stream";
import { serveStream } from "./serve-stream";

/**
 * Serves the session's events from now to a reader it admits; without a cursor, history is the snapshot.
 * `keyId`: the API key the reader came with, if any (the stream ends when it is revoked).
 */
export async function serveSessionStream(
  request: Request,
  sessionId: string,
  userId: string | null,
  keyId: string | null,
): Promise<Response> {
  const reader = await openSessionReader(sessionId, userId, keyId);
  try {
    return await serveStream(
      request,
      reader.grant,
      { channel: reader.channel, start: "now", isFinal: reader.isFinal, onClose: reader.release },
      { userId },
    );
  } catch (error) {
    reader.release();
    throw error;
  }
}
