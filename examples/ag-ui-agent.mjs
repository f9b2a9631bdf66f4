#!/usr/bin/env node
// A scripted two-agent AG-UI agent (any framework's AG-UI endpoint looks like this to Parley), built with
// @ag-ui/encoder. Two ways to bring it into Parley:
//
//   node examples/ag-ui-agent.mjs serve 8000          # Parley calls it (PARLEY_AG_UI_ALLOWED_HOSTS=localhost:8000)
//   curl -X POST $PARLEY_URL/api/v1/runs -H "Authorization: Bearer $PARLEY_API_KEY" -H "Content-Type: application/json" \
//     -d '{"task":"Research rate limiters","source":{"ag_ui":{"url":"http://localhost:8000/"}}}'
//
//   node examples/ag-ui-agent.mjs print | curl -N -X POST "$PARLEY_URL/api/v1/runs/$RUN/ag-ui" \
//     -H "Authorization: Bearer $PARLEY_API_KEY" -H "Content-Type: text/event-stream" -T -   # you pipe it in
import { createServer } from "node:http";
import { EventType } from "@ag-ui/core";
import { EventEncoder } from "@ag-ui/encoder";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function* script(threadId, runId) {
  const say = function* (messageId, text) {
    yield { type: EventType.TEXT_MESSAGE_START, messageId, role: "assistant" };
    for (const word of text.split(/(?<= )/)) yield { type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta: word };
    yield { type: EventType.TEXT_MESSAGE_END, messageId };
  };
  yield { type: EventType.RUN_STARTED, threadId, runId };
  yield { type: EventType.STATE_SNAPSHOT, snapshot: { phase: "research", findings: [] } };
  yield { type: EventType.STEP_STARTED, stepName: "Researcher" };
  yield* say("m1", "Comparing token bucket, leaky bucket and sliding window limiters.");
  yield { type: EventType.TOOL_CALL_START, toolCallId: "tc1", toolCallName: "web_search", parentMessageId: "m1" };
  yield { type: EventType.TOOL_CALL_ARGS, toolCallId: "tc1", delta: JSON.stringify({ query: "rate limiter algorithms" }) };
  yield { type: EventType.TOOL_CALL_END, toolCallId: "tc1" };
  yield { type: EventType.TOOL_CALL_RESULT, messageId: "r1", toolCallId: "tc1", content: "3 papers found" };
  yield { type: EventType.STATE_DELTA, delta: [{ op: "add", path: "/findings/-", value: "token bucket" }] };
  yield { type: EventType.STEP_FINISHED, stepName: "Researcher" };
  yield { type: EventType.STEP_STARTED, stepName: "Writer" };
  yield* say("m2", "Use a token bucket per API key, refilled every second.");
  yield { type: EventType.STEP_FINISHED, stepName: "Writer" };
  yield { type: EventType.RUN_FINISHED, threadId, runId, result: "Report written" };
}

const [mode = "serve", port = "8000"] = process.argv.slice(2);
if (mode === "print") {
  // One SSE frame per event with an increasing id: Parley skips ids it already took if you pipe it again.
  const encoder = new EventEncoder();
  let id = 0;
  for (const event of script("piped", "piped")) {
    process.stdout.write(`id: ${++id}\n${encoder.encodeSSE(event)}`);
    await sleep(100);
  }
} else {
  createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const input = JSON.parse(body || "{}"); // a RunAgentInput: threadId is Parley's run id
    const encoder = new EventEncoder({ accept: req.headers.accept });
    res.writeHead(200, { "Content-Type": encoder.getContentType() });
    for (const event of script(input.threadId, input.runId)) {
      res.write(encoder.encode(event));
      await sleep(100);
    }
    res.end();
  }).listen(Number(port), () => console.error(`AG-UI agent on http://localhost:${port}/`));
}
