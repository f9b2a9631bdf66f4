import "server-only";
// The body of POST /api/v1/runs/{id}/ag-ui: a JSON array (or one event), NDJSON, or a text/event-stream
// that a producer pipes in as its agent streams — taken in batches as it arrives. Every way in is charged
// to the producer's quota before anything of it is written; a streamed body as its bytes arrive, and it
// is stopped at the first refusal.
import { createParser } from "eventsource-parser";
import { chargeQuota, jsonBytes, type Payer, QuotaMeter } from "@/lib/auth/quotas";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import type { Ingested } from "@/lib/ingest/external/ingest";
import { readCapped } from "@/lib/read-capped";
import { AgUiBatcher, type AgUiFrame, ingestAgUi } from "../ingest/ag-ui/ingest";

/** A JSON or NDJSON body is one batch: at most this many events, checked all or nothing. */
export const MAX_AG_UI_EVENTS = 1000;
const MAX_WHOLE_BODY = 4 * 1024 * 1024;
/** A streamed body may run as long as the agent does, but no frame may grow past this. */
const MAX_FRAME_CHARS = 1024 * 1024;

export async function ingestAgUiBody(request: Request, runId: string, payer: Payer): Promise<Ingested> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "text/event-stream") return ingestEventStream(request, runId, new QuotaMeter("produce", payer));
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
    const text = await readText(request);
    const frames = parseNdjson(text);
    await chargeQuota("produce", payer, { events: frames.length, bytes: Buffer.byteLength(text) });
    return ingestAgUi(runId, frames);
  }
  const body = await readJson(request, MAX_WHOLE_BODY);
  const frames = limited((Array.isArray(body) ? body : [body]).map((value) => ({ value })));
  await chargeQuota("produce", payer, { events: frames.length, bytes: jsonBytes(body) });
  return ingestAgUi(runId, frames);
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

/** The whole body as text, read no further than the cap (a body without Content-Length is cut off there). */
async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_WHOLE_BODY) throw tooLarge();
  if (!request.body) return "";
  const { text, cut } = await readCapped(request.body, MAX_WHOLE_BODY);
  if (cut) throw tooLarge();
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

/**
 * Frames as they arrive, in batches; a refused batch, a broken frame or the quota stops the stream there
 * (what came before stays taken).
 */
async function ingestEventStream(request: Request, runId: string, meter: QuotaMeter): Promise<Ingested> {
  if (!request.body) throw new AppError("invalid_json", "The event stream is empty");
  const batcher = new AgUiBatcher(runId, meter);
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
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || batcher.failed) break;
      // Charged before it is parsed: a producer past its quota is stopped at the next read.
      await meter.bytes(value.byteLength);
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    // A cut connection keeps what arrived whole. A bad frame is the answer, after what came before it;
    // anything else is a bug and surfaces the same way (what came before it is still taken).
    if (!connectionCut(error, request.signal)) {
      await batcher.drain().catch(() => undefined);
      throw error;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return batcher.drain();
}

/**
 * Whether reading the body failed because the producer's connection went away: the request's signal is
 * aborted, or Node reports the reset (`Error: aborted`, code ECONNRESET) before the signal says so.
 */
export function connectionCut(error: unknown, signal: AbortSignal): boolean {
  if (error instanceof AppError) return false;
  if (signal.aborted) return true;
  return error instanceof Error && "code" in error && error.code === "ECONNRESET";
}
