import "server-only";
// A session's live stream as an SSE response (the domain half is lib/sessions/stream.ts).
import { openSessionReader } from "@/lib/sessions/stream";
import { serveStream } from "./serve-stream";

/** Serves the session's events from now to a reader it admits; without a cursor, history is the snapshot. */
export async function serveSessionStream(request: Request, sessionId: string, userId: string | null): Promise<Response> {
  const reader = await openSessionReader(sessionId, userId);
  try {
    return await serveStream(
      request,
      {
        channel: reader.channel,
        start: "now",
        isFinal: reader.isFinal,
        onClose: reader.release,
      },
      { userId },
    );
  } catch (error) {
    reader.release();
    throw error;
  }
}
