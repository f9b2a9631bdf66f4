// Server-Sent Events wire encoding. Pure: used by the stream helper and by compatibility endpoints.
import type { Envelope } from "./envelope";

const encoder = new TextEncoder();
const LINE_BREAK = /\r\n|\r|\n/;

export interface SseFrame {
  id?: string;
  event?: string;
  /** Any text; line breaks become several `data:` lines, which the client joins back with "\n". */
  data?: string;
  retry?: number;
}

function assertField(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new TypeError(`SSE ${name} must be a single line without NUL`);
}

export function formatFrame(frame: SseFrame): string {
  let out = "";
  if (frame.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(frame.retry))}\n`;
  if (frame.id !== undefined) {
    assertField("id", frame.id);
    out += `id: ${frame.id}\n`;
  }
  if (frame.event !== undefined) {
    assertField("event", frame.event);
    out += `event: ${frame.event}\n`;
  }
  if (frame.data !== undefined) {
    for (const line of frame.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

export function formatComment(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => `: ${line}\n`)
    .join("")
    .concat("\n");
}

const serialized = new WeakMap<Envelope, string>();

/** The envelope's JSON text, computed once per envelope object however many readers it has. */
export function envelopeJson(envelope: Envelope): string {
  let json = serialized.get(envelope);
  if (json === undefined) {
    json = JSON.stringify(envelope);
    serialized.set(envelope, json);
  }
  return json;
}

const frames = new WeakMap<Envelope, Uint8Array>();

/** The envelope as an unnamed SSE event with its cursor as `id`, encoded once and shared by every reader. */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  let bytes = frames.get(envelope);
  if (bytes === undefined) {
    // JSON text never contains a raw line break, so one data line carries it whole.
    bytes = encoder.encode(formatFrame({ id: envelope.id, data: envelopeJson(envelope) }));
    frames.set(envelope, bytes);
  }
  return bytes;
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}
