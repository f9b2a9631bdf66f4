import "server-only";
// The gateway's HTTP edge: the Parley API key in the header each SDK sends, the documented `X-Parley-*`
// and provider headers, a size-limited JSON body — and every answer, errors included, in the caller's
// provider's own shape (OpenAI `{error: {message, type, param, code}}`, Anthropic `{type: "error", error}`).
import { type ApiKeyPrincipal, verifyApiKey } from "@/lib/auth/api-keys";
import { GATEWAY_SCOPE } from "@/lib/auth/scopes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertGatewayKey } from "@/lib/gateway/access";
import { callModel } from "@/lib/gateway/call";
import { failureOf } from "@/lib/gateway/errors";
import type { GatewayProvider } from "@/lib/gateway/events";
import { ADAPTERS } from "@/lib/gateway/providers";
import type { ForwardedHeaders } from "@/lib/gateway/providers/types";
import type { GatewayReply } from "@/lib/gateway/upstream";
import { bearerToken } from "@/lib/http/identity/credentials";
import { readJson } from "./body";
import { type ApiMethod, allowHeader, type OtherMethods, refusingHandlers } from "./method-not-allowed";

/** Caller headers that reach the upstream, per provider. Nothing else does (README "The LLM gateway"). */
const FORWARDED: Record<GatewayProvider, string[]> = { openai: [], anthropic: ["anthropic-version", "anthropic-beta"] };

const KEY_HEADER: Record<GatewayProvider, string> = { openai: "Authorization: Bearer <key>", anthropic: "x-api-key: <key>" };

/** The caller's Parley API key, which must carry the gateway scope — or 401 / 403. */
export async function gatewayKey(request: Request, provider: GatewayProvider): Promise<ApiKeyPrincipal> {
  const key = (provider === "anthropic" ? request.headers.get("x-api-key")?.trim() : null) || bearerToken(request);
  if (!key) {
    throw new AppError("unauthorized", `Send a Parley API key with the gateway scope as ${KEY_HEADER[provider]}`);
  }
  const principal = await verifyApiKey(key);
  if (!principal) throw new AppError("unauthorized", "The API key is not valid or has been revoked");
  if (!principal.scopes.includes(GATEWAY_SCOPE)) {
    throw new AppError(
      "forbidden",
      "This API key has no gateway scope: create one with it on the /keys page (or `npm run apikey -- --scope gateway`)",
    );
  }
  assertGatewayKey(principal);
  return principal;
}

/** `X-Parley-Agent`: who is calling, shown with every call (at most 64 characters, one line). */
function agentOf(request: Request): string | null {
  const raw = request.headers.get("x-parley-agent");
  const agent = raw
    ?.replace(/[\p{Cc}\s]+/gu, " ")
    .trim()
    .slice(0, 64);
  return agent || null;
}

function forwardedOf(request: Request, provider: GatewayProvider): ForwardedHeaders {
  const out: ForwardedHeaders = {};
  for (const name of FORWARDED[provider]) {
    const value = request.headers.get(name);
    if (value) out[name] = value;
  }
  return out;
}

export function replyResponse(reply: GatewayReply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/** Any error, as the provider would have answered it. */
export function providerErrorResponse(provider: GatewayProvider, error: unknown): Response {
  const failure = failureOf(error);
  // Unknown failures are logged with detail and answered without any.
  if (failure.code === "internal") console.error("unhandled error in the gateway", error);
  return Response.json(ADAPTERS[provider].errorBody(failure), { status: failure.status, headers: failure.headers });
}

/** The route handler of a provider's chat endpoint (…/openai/v1/chat/completions, …/anthropic/v1/messages). */
export function gatewayEndpoint(provider: GatewayProvider): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const principal = await gatewayKey(request, provider);
      const body = await readJson(request, env.PARLEY_GATEWAY_MAX_BODY_BYTES);
      const reply = await callModel({
        provider,
        principal,
        agent: agentOf(request),
        sessionId: request.headers.get("x-parley-session")?.trim() || null,
        body,
        forwarded: forwardedOf(request, provider),
        signal: request.signal,
      });
      return replyResponse(reply);
    } catch (error) {
      return providerErrorResponse(provider, error);
    }
  };
}

/** The methods a gateway endpoint does not serve: the provider's own error shape, 405 with `Allow`. */
export function otherGatewayMethods(provider: GatewayProvider, ...allowed: ApiMethod[]): OtherMethods {
  const allow = allowHeader(allowed);
  return refusingHandlers(allowed, async (request) =>
    providerErrorResponse(
      provider,
      new AppError("method_not_allowed", `${request.method} is not allowed here; use ${allowed.join(" or ")}`, {
        headers: { Allow: allow },
      }),
    ),
  );
}

/** Any other path under a provider's prefix: the provider's own 404, saying what the gateway serves. */
export function unknownGatewayPath(provider: GatewayProvider): () => Response {
  const served = provider === "openai" ? "POST /v1/chat/completions and GET /v1/models" : "POST /v1/messages";
  return () => providerErrorResponse(provider, new AppError("not_found", `Parley's ${provider} gateway serves ${served} only`));
}
