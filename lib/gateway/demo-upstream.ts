// The demo model as an upstream: with no provider key configured (or for the model `demo`), Parley's own
// demo model answers in the provider's wire format — streamed chunk by chunk with its usual pacing, or
// whole — so the gateway's path (pass-through, tap, records) is the same as for a real provider. Like one,
// it stops at the call's output cap (finish reason `length` / `max_tokens`).
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { createDemoModel } from "@/lib/runs/models/demo-model";
import { demoTokens, hashSeed } from "@/lib/runs/models/demo-text";
import type { GatewayProvider } from "./events";
import type { ParsedCall } from "./providers/types";
import type { UpstreamReply } from "./upstream";

interface DemoCall {
  provider: GatewayProvider;
  call: ParsedCall;
  /** Who is asking: the demo answers in that role when it knows it (Architect, Reviewer, Judge…). */
  agent: string;
  requestId: string;
  tokenMs: number;
  signal: AbortSignal;
}

interface DemoAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** Stopped at the call's cap. */
  capped: boolean;
}

/** The provider's finish reason for an answer that ended by itself, or at its cap. */
const finishReason = (d: DemoCall, capped: boolean) =>
  d.provider === "openai" ? (capped ? "length" : "stop") : capped ? "max_tokens" : "end_turn";

const encoder = new TextEncoder();
const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

function modelCall(d: DemoCall) {
  const task = d.call.lastUserText || "say hello";
  return {
    prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: task }] }],
    providerOptions: { parley: { role: d.agent, agent: d.agent, task, round: 1, seed: hashSeed(task) } },
    abortSignal: d.signal,
  };
}

/** The OpenAI chunks and Anthropic events that frame a streamed answer. */
function framing(d: DemoCall) {
  const created = Math.floor(Date.now() / 1000);
  const id = `${d.provider === "openai" ? "chatcmpl" : "msg"}-demo-${d.requestId}`;
  if (d.provider === "openai") {
    const chunk = (delta: object, finish: string | null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: d.call.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    });
    return {
      start: (_input: number) => sse(chunk({ role: "assistant", content: "" }, null)),
      delta: (text: string) => sse(chunk({ content: text }, null)),
      end: (input: number, output: number, capped: boolean) =>
        sse(chunk({}, finishReason(d, capped))) +
        sse({
          ...chunk({}, null),
          choices: [],
          usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
        }) +
        "data: [DONE]\n\n",
    };
  }
  return {
    start: (input: number) =>
      sse(
        {
          type: "message_start",
          message: {
            id,
            type: "message",
            role: "assistant",
            model: d.call.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: input, output_tokens: 1 },
          },
        },
        "message_start",
      ) + sse({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start"),
    delta: (text: string) =>
      sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }, "content_block_delta"),
    end: (_input: number, output: number, capped: boolean) =>
      sse({ type: "content_block_stop", index: 0 }, "content_block_stop") +
      sse(
        {
          type: "message_delta",
          delta: { stop_reason: finishReason(d, capped), stop_sequence: null },
          usage: { output_tokens: output },
        },
        "message_delta",
      ) +
      sse({ type: "message_stop" }, "message_stop"),
  };
}

const inputTokensOf = (d: DemoCall) => Math.max(1, Math.round(JSON.stringify(d.call.upstreamBody).length / 4));

function streamBody(d: DemoCall): ReadableStream<Uint8Array> {
  const frames = framing(d);
  const input = inputTokensOf(d);
  const cap = d.call.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  let parts: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | null = null;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const { stream } = await createDemoModel(d.call.model, { tokenMs: d.tokenMs }).doStream(modelCall(d));
      parts = stream.getReader();
      controller.enqueue(encoder.encode(frames.start(input)));
    },
    async pull(controller) {
      for (;;) {
        const next = await parts!.read();
        if (next.done) return controller.close();
        const part = next.value;
        // Each of the demo's text deltas is one token.
        if (part.type === "text-delta" && sent >= cap) {
          await parts!.cancel();
          return controller.enqueue(encoder.encode(frames.end(input, sent, true)));
        }
        if (part.type === "text-delta") {
          sent++;
          return controller.enqueue(encoder.encode(frames.delta(part.delta)));
        }
        if (part.type === "finish")
          return controller.enqueue(encoder.encode(frames.end(input, part.usage.outputTokens.total ?? 0, false)));
      }
    },
    async cancel() {
      await parts?.cancel();
    },
  });
}

async function answerBody(d: DemoCall): Promise<string> {
  const result = await createDemoModel(d.call.model, { tokenMs: d.tokenMs }).doGenerate(modelCall(d));
  const whole = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
  const tokens = demoTokens(whole);
  const capped = d.call.maxOutputTokens !== null && tokens.length > d.call.maxOutputTokens;
  const kept = capped ? tokens.slice(0, d.call.maxOutputTokens ?? 0) : tokens;
  const answer: DemoAnswer = { text: kept.join(""), inputTokens: inputTokensOf(d), outputTokens: kept.length, capped };
  return JSON.stringify(d.provider === "openai" ? openaiCompletion(d, answer) : anthropicMessage(d, answer));
}

function openaiCompletion(d: DemoCall, a: DemoAnswer) {
  return {
    id: `chatcmpl-demo-${d.requestId}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: d.call.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: a.text, refusal: null },
        logprobs: null,
        finish_reason: finishReason(d, a.capped),
      },
    ],
    usage: { prompt_tokens: a.inputTokens, completion_tokens: a.outputTokens, total_tokens: a.inputTokens + a.outputTokens },
  };
}

function anthropicMessage(d: DemoCall, a: DemoAnswer) {
  return {
    id: `msg-demo-${d.requestId}`,
    type: "message",
    role: "assistant",
    model: d.call.model,
    content: [{ type: "text", text: a.text }],
    stop_reason: finishReason(d, a.capped),
    stop_sequence: null,
    usage: { input_tokens: a.inputTokens, output_tokens: a.outputTokens },
  };
}

/** The demo model's answer to a call, as the provider's upstream would send it. */
export async function demoReply(d: DemoCall): Promise<UpstreamReply> {
  if (d.call.stream) {
    return { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8" }, body: streamBody(d) };
  }
  const body = encoder.encode(await answerBody(d));
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: new ReadableStream({
      start(c) {
        c.enqueue(body);
        c.close();
      },
    }),
  };
}
