import "server-only";
// A session's live stream as an SSE response (the domain half is lib/sessions/stream.ts), in one of two
// framings: LLMHive's collaboration frames by default — the seed document's client reads this path as
// written — or Parley's envelope with `?format=parley` (Parley's own pages and terminal client).
import type { Dialect } from "@/lib/dialects/dialect";
import { collaborationDialect } from "@/lib/dialects/llmhive/collaboration";
import { AppError } from "@/lib/errors";
import { openSessionReader } from "@/lib/sessions/stream";
import { dialectFraming } from "./dialect-stream";
import { serveStream } from "./serve-stream";

export const SESSION_STREAM_FORMATS = ["llmhive", "parley"] as const;

/** `?format=`: absent or `llmhive` → LLMHive's frames; `parley` → Parley's envelope (null); else 400. */
export function sessionStreamDialect(request: Request): Dialect | null {
  const format = new URL(request.url).searchParams.get("format") ?? "llmhive";
  if (format === "llmhive") return collaborationDialect;
  if (format === "parley") return null;
  throw new AppError("bad_request", `format must be one of ${SESSION_STREAM_FORMATS.join(", ")}`);
}

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
  const dialect = sessionStreamDialect(request);
  const reader = await openSessionReader(sessionId, userId, keyId);
  try {
    return await serveStream(
      request,
      reader.grant,
      {
        channel: reader.channel,
        start: "now",
        isFinal: reader.isFinal,
        onClose: reader.release,
        ...(dialect && dialectFraming(dialect)),
      },
      { userId },
    );
  } catch (error) {
    reader.release();
    throw error;
  }
}
