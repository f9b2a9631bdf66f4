import "server-only";
// LLMHive's manual-test stream (lib/dialects/llmhive/manual-test.ts) as SSE: its channel from now, in the
// orchestration dialect, open to anyone where the server serves it, within the address's stream caps.
import { ReaderGrant } from "@/lib/auth/reader-grant";
import type { Dialect } from "@/lib/dialects/dialect";
import { dialectFraming } from "./dialect-stream";
import { serveStream } from "./serve-stream";

export function serveTestStream(request: Request, channel: string, dialect: Dialect): Promise<Response> {
  return serveStream(request, ReaderGrant.ofTestStream(), { channel, start: "now", ...dialectFraming(dialect) });
}
