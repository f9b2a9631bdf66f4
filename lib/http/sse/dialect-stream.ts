// The one stream helper for every dialect (lib/dialects): a dialect's frames and keepalive as the
// `encode` / `keepalive` of serveStream, so each dialect's stream keeps Parley's guarantees — every frame
// carries its event's cursor as `id:` (Last-Event-ID resumes it), the opening `retry:` and `id:`, the
// stream caps, the reader's grant, the clean end before the platform's limit, the cut-off of slow readers.
import type { Dialect, DialectFrame } from "@/lib/dialects/dialect";
import { encodeText, formatComment, formatFrame } from "@/lib/events/sse";
import type { ServeOptions } from "./serve-stream";

export function dialectFraming(dialect: Dialect): Pick<ServeOptions, "encode" | "keepalive"> {
  return {
    encode: (e) => {
      const frame = dialect.frame(e);
      return frame ? encodeDialectFrame(e.id, frame) : null;
    },
    keepalive: () => {
      const frame = dialect.keepalive(new Date().toISOString());
      return frame ? encodeDialectFrame(undefined, frame) : encodeText(formatComment("keepalive"));
    },
  };
}

export function encodeDialectFrame(id: string | undefined, frame: DialectFrame): Uint8Array {
  return encodeText(formatFrame({ id, event: frame.event, data: JSON.stringify(frame.data) }));
}
