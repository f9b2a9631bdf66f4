import "server-only";
// GET …/openai/v1/models: the upstream's list, passed through; with no upstream, the demo models.
import { env } from "@/lib/env";
import type { GatewayFailure } from "./errors";
import { openaiAdapter } from "./providers/openai";
import { type GatewayReply, sendUpstream, UpstreamUnreachable, upstreamFor } from "./upstream";

const DEMO_MODELS = ["demo", "demo:swift", "demo:steady", "demo:thorough"];

export async function listOpenAIModels(signal: AbortSignal): Promise<GatewayReply> {
  const upstream = upstreamFor("openai", "");
  if (upstream.kind === "demo") {
    const data = DEMO_MODELS.map((id) => ({ id, object: "model", created: 0, owned_by: "parley" }));
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ object: "list", data }) };
  }
  try {
    const reply = await sendUpstream(
      {
        method: "GET",
        url: `${upstream.baseUrl.replace(/\/+$/, "")}/models`,
        headers: { Accept: "application/json", ...(upstream.apiKey && { Authorization: `Bearer ${upstream.apiKey}` }) },
        body: "",
      },
      { signal, headersTimeoutMs: env.PARLEY_TURN_TIMEOUT_MS },
    );
    return { status: reply.status, headers: reply.headers, body: reply.body ?? "" };
  } catch (error) {
    if (!(error instanceof UpstreamUnreachable)) throw error;
    const failure: GatewayFailure = { status: 502, code: "upstream_failed", message: error.message };
    return {
      status: 502,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(openaiAdapter.errorBody(failure)),
    };
  }
}
