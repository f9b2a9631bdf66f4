import "server-only";
// The body of POST /api/v1/runs/{id}/ag-ui: a JSON array (or one event), NDJSON, or a text/event-stream
// that a producer pipes in as its agent streams — taken in batches as it arrives.
import { createParser } from "eventsource-parser";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import type { Ingested } from "@/lib/ingest/external/ingest";
import { AgUiBatcher, type AgUiFrame, ingestAgUi } from "./ingest";

/** A JSON or NDJSON body is one batch: at most this many events, checked all or nothing. */
export const MAX_AG_UI_EVENTS = 1000;
const MAX_WHOLE_BODY = 4 * 1024 * 1024;
/** A streamed body may run as long as the agent does, but no frame may grow past this. */
const MAX_FRAME_CHARS = 1024 * 1024;

export async function ingestAgUiBody(request: Request, runId: string): Promise<Ingested> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "text/event-stream") return ingestEventStream(request, runId);
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
    return ingestAgUi(runId, parseNdjson(await readText(request)));
  }
  const body = await readJson(request, MAX_WHOLE_BODY);
  const events = Array.isArray(body) ? body : [body];
  return ingestAgUi(runId, limited(events.map((value) => ({ value }))));
}

function limited(frames: AgUiFrame[]): AgUiFrame[] {
  if (frames.length > MAX_AG_UI_EVENTS) {
    throw new AppError(
      "payload_too_large",
      `At most ${MAX_AG_UI_EVENTS} events per request; stream longer runs as text/event-stream`,
    );
  }
  return frames;
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_WHOLE_BODY) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_WHOLE_BODY) throw tooLarge();
  return text;
}

const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${MAX_WHOLE_BODY} bytes`);

function parseNdjson(text: string): AgUiFrame[] {
  const lines = text.split("\n").filter((line) => line.trim());
  return limited(
    lines.map((line, i) => {
      try {
        return { value: JSON.parse(line) };
      } catch {
        throw new AppError("invalid_json", `Line ${i + 1} of the NDJSON body is not valid JSON`);
      }
    }),
  );
}

/** Frames as they arrive, in batches; a refused batch or a broken frame stops the stream there. */
async function ingestEventStream(request: Request, runId: string): Promise<Ingested> {
  if (!request.body) throw new AppError("invalid_json", "The event stream is empty");
  const batcher = new AgUiBatcher(runId);
  const parser = createParser({
    onEvent(message) {
      let value: unknown;
      try {
        value = JSON.parse(message.data);
      } catch {
        throw new AppError("invalid_json", `An SSE frame's data is not valid JSON${message.id ? ` (id ${message.id})` : ""}`);
      }
      batcher.push({ value, ...(message.id !== undefined && { id: message.id }) });
    },
    maxBufferSize: MAX_FRAME_CHARS,
    onError(error) {
      if (error.type === "max-buffer-size-exceeded") throw new AppError("payload_too_large", "An SSE frame is too large");
    },
  });
  const reader = request.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || batcher.failed) break;
      parser.feed(value);
    }
  } catch (error) {
    // A cut connection keeps what arrived whole; a bad frame is the answer, after what came before it.
    if (error instanceof AppError) {
      await batcher.drain().catch(() => undefined);
      throw error;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return batcher.drain();
}
