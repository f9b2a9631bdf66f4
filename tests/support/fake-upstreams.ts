// Local HTTP servers speaking OpenAI's chat completions and Anthropic's messages wire formats — SSE chunks
// with `stream_options.include_usage`, and message_start … content_block_delta … message_delta (usage) …
// message_stop — so the gateway is tested against what the real providers send. What a request gets is
// chosen by its last user message, so concurrent tests do not interfere:
//   "FAIL:<status>"        the provider's error (its shape) with that status
//   "DROP:<n>"             n text chunks, then the connection is destroyed mid-stream
//   "BIG:<n>[x<k>]"        n chunks of k KiB (default 1) of text each
//   "TOKENS:<n>"           n word-sized chunks (as a model streams them)
//   "SLOW:<ms>"            every chunk <ms> apart (default: `chunkMs` of the server)
//   anything else          a short deterministic answer about it
import http from "node:http";

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeUpstream {
  /** What a client puts as its base URL (OpenAI: …/v1; Anthropic: the origin). */
  baseUrl: string;
  /** The key it expects (what the gateway's server is configured with). */
  apiKey: string;
  requests: RecordedRequest[];
  /** Streams whose client went away before the end. */
  abandoned(): number;
  close(): Promise<void>;
}

interface Plan {
  /** Called when the client goes away before the stream ended. */
  onAbandon(): void;
  pieces: string[];
  delayMs: number;
  failStatus: number | null;
  dropAfter: number | null;
}

const CREATED = 1_763_726_400;

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m?.role === "user");
  const content = last?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((p: { text?: string }) => p.text ?? "").join(" ") : "";
}

/** The answer's text pieces (each a streamed chunk), failure and pace, from the prompt. */
export function planFor(prompt: string, chunkMs: number): Plan {
  const plan: Plan = { onAbandon: () => {}, pieces: [], delayMs: chunkMs, failStatus: null, dropAfter: null };
  const fail = /FAIL:(\d{3})/.exec(prompt);
  if (fail) plan.failStatus = Number(fail[1]);
  const drop = /DROP:(\d+)/.exec(prompt);
  if (drop) plan.dropAfter = Number(drop[1]);
  const slow = /SLOW:(\d+)/.exec(prompt);
  if (slow) plan.delayMs = Number(slow[1]);
  const big = /BIG:(\d+)(?:x(\d+))?/.exec(prompt);
  if (big) {
    const size = Number(big[2] ?? 1) * 1024;
    plan.pieces = Array.from({ length: Number(big[1]) }, (_, i) => `${String(i).padStart(4, "0")}${"x".repeat(size - 5)} `);
  } else if (/TOKENS:(\d+)/.test(prompt)) {
    const n = Number(/TOKENS:(\d+)/.exec(prompt)?.[1]);
    plan.pieces = Array.from({ length: n }, (_, i) => `tok${i} `);
  } else {
    const words = `Here is a careful answer about ${prompt.replace(/\s+/g, " ").slice(0, 60)}: it works, and it is tested end to end.`;
    plan.pieces = words.split(/(?<= )/);
  }
  return plan;
}

export const usageOf = (body: Record<string, unknown>, pieces: string[]) => ({
  input: Math.ceil(JSON.stringify(body.messages ?? []).length / 4),
  output: pieces.length,
});

type Writer = (res: http.ServerResponse, body: Record<string, unknown>, plan: Plan) => void;

async function serve(
  options: { apiKey: string; authorised(req: http.IncomingMessage, key: string): boolean },
  routes: Record<string, Writer>,
  refuse: (res: http.ServerResponse, status: number, message: string) => void,
) {
  const requests: RecordedRequest[] = [];
  let abandoned = 0;
  const chunkMs = 2;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ path, headers: req.headers, body });
      const route = routes[`${req.method} ${path}`];
      if (!route) return refuse(res, 404, `No route ${req.method} ${path}`);
      if (!options.authorised(req, options.apiKey)) return refuse(res, 401, "Invalid upstream API key");
      const plan = { ...planFor(lastUserText(body), chunkMs), onAbandon: () => abandoned++ };
      if (plan.failStatus) return refuse(res, plan.failStatus, `The fake upstream failed with ${plan.failStatus} on purpose`);
      route(res, body, plan);
    });
  });
  // Tests open many keep-alive connections; none should hold the process at the end.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    abandoned: () => abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `frames` one by one `delayMs` apart; destroys the socket after `dropAfter` text frames. */
function pace(res: http.ServerResponse, head: string[], texts: string[], tail: string[], plan: Plan) {
  res.once("close", () => {
    if (!res.writableEnded && plan.dropAfter === null) plan.onAbandon();
  });
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "x-request-id": "req_fake" });
  for (const frame of head) res.write(frame);
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (plan.dropAfter !== null && i >= plan.dropAfter) return void res.socket?.destroy();
    if (i < texts.length) {
      res.write(texts[i++]);
      setTimeout(next, plan.delayMs);
      return;
    }
    for (const frame of tail) res.write(frame);
    res.end();
  };
  next();
}

const data = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
const event = (name: string, payload: unknown) => `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;

export async function startFakeOpenAI(apiKey = "sk-fake-openai-upstream"): Promise<FakeUpstream> {
  const refuse = (res: http.ServerResponse, status: number, message: string) => {
    const type = status === 401 ? "invalid_request_error" : status >= 500 ? "server_error" : "invalid_request_error";
    res.writeHead(status, { "Content-Type": "application/json", "x-request-id": "req_fake_error" });
    res.end(JSON.stringify({ error: { message, type, param: null, code: status === 401 ? "invalid_api_key" : null } }));
  };
  const completions: Writer = (res, body, plan) => {
    const model = String(body.model);
    const id = `chatcmpl-fake-${plan.pieces.length}`;
    const u = usageOf(body, plan.pieces);
    const usage = { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
    if (body.stream !== true) {
      res.writeHead(200, { "Content-Type": "application/json", "x-request-id": "req_fake" });
      const message = { role: "assistant", content: plan.pieces.join(""), refusal: null };
      res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created: CREATED,
          model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: "stop" }],
          usage,
        }),
      );
      return;
    }
    const withUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const chunk = (delta: object, finish: string | null) =>
      data({
        id,
        object: "chat.completion.chunk",
        created: CREATED,
        model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(withUsage && { usage: null }),
      });
    const tail = [
      chunk({}, "stop"),
      ...(withUsage ? [data({ id, object: "chat.completion.chunk", created: CREATED, model, choices: [], usage })] : []),
      "data: [DONE]\n\n",
    ];
    pace(
      res,
      [chunk({ role: "assistant", content: "" }, null)],
      plan.pieces.map((p) => chunk({ content: p }, null)),
      tail,
      plan,
    );
  };
  const models: Writer = (res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({ object: "list", data: [{ id: "gpt-4o-mini", object: "model", created: CREATED, owned_by: "fake" }] }),
    );
  };
  const s = await serve(
    { apiKey, authorised: (req, key) => req.headers.authorization === `Bearer ${key}` },
    { "POST /v1/chat/completions": completions, "GET /v1/models": models },
    refuse,
  );
  return { baseUrl: `${s.origin}/v1`, apiKey, requests: s.requests, abandoned: s.abandoned, close: s.close };
}

export async function startFakeAnthropic(apiKey = "sk-ant-fake-upstream"): Promise<FakeUpstream> {
  const typeOf: Record<number, string> = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    529: "overloaded_error",
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) => {
    res.writeHead(status, { "Content-Type": "application/json", "request-id": "req_fake_error" });
    res.end(JSON.stringify({ type: "error", error: { type: typeOf[status] ?? "api_error", message } }));
  };
  const messages: Writer = (res, body, plan) => {
    const model = String(body.model);
    const id = `msg_fake_${plan.pieces.length}`;
    const u = usageOf(body, plan.pieces);
    if (body.stream !== true) {
      res.writeHead(200, { "Content-Type": "application/json", "request-id": "req_fake" });
      res.end(
        JSON.stringify({
          id,
          type: "message",
          role: "assistant",
          model,
          content: [{ type: "text", text: plan.pieces.join("") }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: u.input, output_tokens: u.output },
        }),
      );
      return;
    }
    const head = [
      event("message_start", {
        type: "message_start",
        message: {
          id,
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: u.input, output_tokens: 1 },
        },
      }),
      event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
      event("ping", { type: "ping" }),
    ];
    const texts = plan.pieces.map((text) =>
      event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    );
    const tail = [
      event("content_block_stop", { type: "content_block_stop", index: 0 }),
      event("message_delta", {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: u.output },
      }),
      event("message_stop", { type: "message_stop" }),
    ];
    pace(res, head, texts, tail, plan);
  };
  const s = await serve(
    {
      apiKey,
      // The API takes the key as x-api-key, and (as the 1.x SDK sends it) as a Bearer token.
      authorised: (req, key) =>
        (req.headers["x-api-key"] === key || req.headers.authorization === `Bearer ${key}`) &&
        typeof req.headers["anthropic-version"] === "string",
    },
    { "POST /v1/messages": messages },
    refuse,
  );
  return { baseUrl: s.origin, apiKey, requests: s.requests, abandoned: s.abandoned, close: s.close };
}
