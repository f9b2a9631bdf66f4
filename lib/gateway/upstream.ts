import "server-only";
// Which upstream answers a call, and reaching it. The upstream keys live here and in the request to the
// upstream only: they are never logged, published, stored or sent back.
import { env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { GatewayProvider, GatewayUpstream } from "./events";
import type { UpstreamRequest, UpstreamTarget } from "./providers/types";

export interface Upstream extends UpstreamTarget {
  kind: GatewayUpstream;
}

/** What the gateway hands back to the caller, plain: the edge turns it into a Response. */
export interface GatewayReply {
  status: number;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | string;
}

export interface UpstreamReply {
  status: number;
  /** Only the headers the caller may see (see PASSED_BACK). */
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
}

/** Upstream response headers passed back to the caller; everything else stays between Parley and the provider. */
const PASSED_BACK = ["content-type", "retry-after", "x-request-id", "request-id"];

export const isDemoModel = (model: string) => model === "demo" || model.startsWith("demo:");

/** The provider's upstream for this model: the configured provider, else the demo model (always for demo*). */
export function upstreamFor(provider: GatewayProvider, model: string): Upstream {
  const demo: Upstream = { kind: "demo", baseUrl: "", apiKey: null };
  if (isDemoModel(model)) return demo;
  if (provider === "anthropic") {
    return env.ANTHROPIC_API_KEY ? { kind: "anthropic", baseUrl: env.ANTHROPIC_BASE_URL, apiKey: env.ANTHROPIC_API_KEY } : demo;
  }
  if (env.OPENAI_API_KEY) return { kind: "openai", baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY };
  if (env.OPENAI_COMPATIBLE_BASE_URL) {
    return { kind: "compatible", baseUrl: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY ?? null };
  }
  return demo;
}

/** The price-table name of a model as this upstream serves it: `openai:gpt-4o-mini`, `anthropic:…`, `demo`. */
export function priceKey(upstream: GatewayUpstream, model: string): string {
  if (upstream === "demo") return isDemoModel(model) ? model : "demo";
  return `${upstream}:${model}`;
}

/** The upstream could not be reached, or did not answer in time. */
export class UpstreamUnreachable extends Error {
  constructor(
    readonly timedOut: boolean,
    message: string,
  ) {
    super(message);
  }
}

export function passedBack(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_BACK) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/**
 * Sends the request upstream and resolves with its status and headers once they arrive (the body is
 * read later, by the caller's pace). Aborted with the caller; at most `headersTimeoutMs` to answer.
 */
export async function sendUpstream(
  request: UpstreamRequest & { method?: "GET" | "POST" },
  options: { signal: AbortSignal; headersTimeoutMs: number },
): Promise<UpstreamReply> {
  const abort = new AbortController();
  const onCallerGone = () => abort.abort(options.signal.reason);
  options.signal.addEventListener("abort", onCallerGone, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, options.headersTimeoutMs);
  try {
    const response = await fetch(request.url, {
      method: request.method ?? "POST",
      headers: { "User-Agent": "parley-gateway", ...request.headers },
      body: request.method === "GET" ? undefined : request.body,
      signal: abort.signal,
    });
    return { status: response.status, headers: passedBack(response.headers), body: response.body };
  } catch (error) {
    if (options.signal.aborted) throw error;
    const why = timedOut
      ? `did not answer within ${Math.round(options.headersTimeoutMs / 1000)} s`
      : `could not be reached (${causeOf(error)})`;
    throw new UpstreamUnreachable(timedOut, `The upstream ${new URL(request.url).host} ${why}`);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", onCallerGone);
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && "code" in cause && typeof cause.code === "string") return cause.code;
  return messageOf(error);
}
