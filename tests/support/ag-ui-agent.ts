// A real AG-UI producer built with @ag-ui/core and @ag-ui/encoder: a small scripted multi-agent run (a
// Researcher who calls a tool, a Writer who reasons first), with shared state, a CUSTOM and a RAW event.
// Served over HTTP like any AG-UI agent (for Parley to call), or handed out as events to post and pipe.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BaseEvent, EventType, type RunAgentInput } from "@ag-ui/core";
import { EventEncoder } from "@ag-ui/encoder";

export const RESEARCH_TEXT = "Looking into rate limiters: token bucket, leaky bucket, sliding window.";
export const REPORT_TEXT = "Report: use a token bucket per API key, refilled every second.";
export const REASONING_TEXT = "The findings favour the token bucket.";

/** Text in pieces, as a model streams it. */
const pieces = (text: string, size = 9) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

export function scriptedRun(threadId: string, runId: string): BaseEvent[] {
  const say = (messageId: string, text: string): BaseEvent[] => [
    { type: EventType.TEXT_MESSAGE_START, messageId, role: "assistant" },
    ...pieces(text).map((delta) => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId },
  ];
  return [
    { type: EventType.RUN_STARTED, threadId, runId },
    { type: EventType.STATE_SNAPSHOT, snapshot: { phase: "research", findings: [] } },
    { type: EventType.STEP_STARTED, stepName: "Researcher" },
    ...say("m1", RESEARCH_TEXT),
    { type: EventType.TOOL_CALL_START, toolCallId: "tc1", toolCallName: "web_search", parentMessageId: "m1" },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: "tc1", delta: '{"query":' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: "tc1", delta: '"rate limiter algorithms"}' },
    { type: EventType.TOOL_CALL_END, toolCallId: "tc1" },
    { type: EventType.TOOL_CALL_RESULT, messageId: "r1", toolCallId: "tc1", content: "3 papers found" },
    {
      type: EventType.STATE_DELTA,
      delta: [
        { op: "add", path: "/findings/-", value: "token bucket" },
        { op: "replace", path: "/phase", value: "writing" },
      ],
    },
    { type: EventType.STEP_FINISHED, stepName: "Researcher" },
    { type: EventType.STEP_STARTED, stepName: "Writer" },
    { type: EventType.REASONING_START, messageId: "th1" },
    { type: EventType.REASONING_MESSAGE_START, messageId: "th1", role: "reasoning" },
    ...pieces(REASONING_TEXT).map((delta) => ({ type: EventType.REASONING_MESSAGE_CONTENT, messageId: "th1", delta })),
    { type: EventType.REASONING_MESSAGE_END, messageId: "th1" },
    { type: EventType.REASONING_END, messageId: "th1" },
    ...say("m2", REPORT_TEXT),
    { type: EventType.CUSTOM, name: "progress", value: { percent: 100 } },
    { type: EventType.RAW, event: { node: "writer", ok: true }, source: "langgraph" },
    { type: EventType.STEP_FINISHED, stepName: "Writer" },
    { type: EventType.RUN_FINISHED, threadId, runId, result: "Report written" },
  ] as BaseEvent[];
}

/** The script as a text/event-stream body, each frame with an increasing `id:`. */
export function sseBody(events: readonly BaseEvent[], firstId = 1): string[] {
  const encoder = new EventEncoder();
  return events.map((e, i) => `id: ${firstId + i}\n${encoder.encodeSSE(e)}`);
}

export interface ScriptedAgent {
  url: string;
  /** What Parley sent: its RunAgentInput and request headers. */
  requests: { input: RunAgentInput; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

/** The script served as an AG-UI agent (POST a RunAgentInput, get SSE), `delayMs` between events. */
export async function startScriptedAgent(options: { delayMs?: number } = {}): Promise<ScriptedAgent> {
  const requests: ScriptedAgent["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const input = JSON.parse(body) as RunAgentInput;
    requests.push({ input, headers: req.headers });
    const encoder = new EventEncoder({ accept: req.headers.accept });
    res.writeHead(200, { "Content-Type": encoder.getContentType(), "Cache-Control": "no-cache" });
    for (const event of scriptedRun(input.threadId, input.runId)) {
      if (res.destroyed) return;
      res.write(encoder.encode(event));
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/agent`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
