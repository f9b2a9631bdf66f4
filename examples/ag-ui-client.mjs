#!/usr/bin/env node
// A @ag-ui/client front end driving Parley, the way CopilotKit would: POST /api/v1/ag-ui with a
// RunAgentInput (its last user message is the task; forwardedProps pick the strategy), Parley's run
// streamed back as AG-UI and verified by the client. Then the same run read again by its id, resumable.
//
//   PARLEY_URL=http://localhost:3000 node examples/ag-ui-client.mjs "Should we adopt event sourcing?"
import { HttpAgent } from "@ag-ui/client";

const server = (process.env.PARLEY_URL ?? "http://localhost:3000").replace(/\/$/, "");
const task = process.argv[2] ?? "Should we adopt event sourcing?";
const headers = process.env.PARLEY_API_KEY ? { Authorization: `Bearer ${process.env.PARLEY_API_KEY}` } : {};

const agent = new HttpAgent({ url: `${server}/api/v1/ag-ui`, headers, threadId: `thread-${Date.now()}` });
agent.addMessage({ id: "u1", role: "user", content: task });
let runId = null;
await agent.runAgent(
  { forwardedProps: { strategy: "debate", rounds: 1 } },
  {
    onStepStartedEvent: ({ event }) => void process.stdout.write(`\n— ${event.stepName} —\n`),
    onTextMessageContentEvent: ({ event }) => void process.stdout.write(event.delta),
    onCustomEvent: ({ event }) => {
      if (event.name === "parley.run.created") runId = event.value.run_id;
    },
  },
);
console.log(`\n\n${agent.messages.length} messages. The run: ${server}/runs/${runId ?? "(see /mine)"}`);
// Any run can be read as AG-UI by its id: GET /api/v1/runs/{id}/ag-ui (send Last-Event-ID to resume).
