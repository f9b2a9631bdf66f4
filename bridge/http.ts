// The bridge's HTTP plumbing: its error, JSON replies and bodies, SSE framing and the Bearer check.
import { timingSafeEqual } from "node:crypto";
import type http from "node:http";

/** An expected failure answered with `status` and `{error: message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    // A body left unread (too large) leaves the connection unusable for another request.
    ...(close && { Connection: "close" }),
  });
  res.end(json);
}

export async function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > limit) throw new HttpError(413, `ERR request body is larger than ${limit} bytes`);
    chunks.push(bytes);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, "ERR the request body is not valid JSON");
  }
}

/** SSE `data:` lines for one event; a payload with line breaks spans several lines, as the SSE spec reads it. */
export function sseData(text: string): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}

/** Whether a request carries `Authorization: Bearer <token>`, compared in constant time. */
export function bearerCheck(token: string): (req: http.IncomingMessage) => boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req) => {
    const given = Buffer.from(req.headers.authorization ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
