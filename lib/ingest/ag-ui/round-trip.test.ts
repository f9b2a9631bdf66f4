// The AG-UI mappers against each other and against @ag-ui/client's own verifier: a scripted AG-UI run
// taken in (inbound → lifecycle rules → run events) and given out again (outbound) is a stream the
// client accepts — whole, and resumed after every single event.
import { verifyEvents } from "@ag-ui/client";
import type { AGUIEvent } from "@ag-ui/core";
import { from, lastValueFrom, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { planIngest } from "@/lib/ingest/external/lifecycle";
import type { ExternalRunState } from "@/lib/ingest/external/plan-types";
import { priceTable } from "@/lib/runs/models/pricing";
import { scriptedRun } from "@/tests/support/ag-ui-agent";
import { InboundMapper } from "./inbound";
import { checkAgUiEvent, inboundState } from "./inbound-state";
import { AgUiEncoder } from "./outbound";

const RUN = "run_0mwqsm4b90000h4xggwaaaaaaaaaa";

/** The run events Parley would publish for the scripted AG-UI run, as envelopes with cursors. */
function runEvents(): Envelope[] {
  const mapper = new InboundMapper(inboundState(null));
  scriptedRun(RUN, RUN).forEach((event, i) => {
    mapper.push(checkAgUiEvent(event, i), i);
  });
  const state: ExternalRunState = {
    runId: RUN,
    status: "running",
    startedAtMs: 0,
    agents: [],
    turns: [],
    totals: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    verdict: null,
    gates: 0,
    shared: null,
  };
  let n = 0;
  const plan = planIngest(state, mapper.items, { now: 1, prices: priceTable(), newLogId: () => `log_${++n}` });
  const created = { type: "run.created", data: { run_id: RUN, task: "Research" } };
  return [created, ...plan.events].map((e, i) => ({
    id: `${1000 + i}-0`,
    channel: `run:${RUN}`,
    ts: new Date(0).toISOString(),
    type: e.type,
    data: e.data,
  }));
}

const verified = (events: AGUIEvent[]) => lastValueFrom(from(events).pipe(verifyEvents(false), toArray()));

describe("AG-UI in, then out", () => {
  const envelopes = runEvents();

  it("maps to a stream @ag-ui/client's verifier accepts, with the script's steps, messages, tool call and state", async () => {
    const encoder = new AgUiEncoder({ threadId: RUN, runId: RUN, task: { id: `${RUN}_task`, content: "Research" } });
    const out = envelopes.flatMap((e) => encoder.encode(e));
    await expect(verified(out)).resolves.toHaveLength(out.length);
    const types = out.map((e) => e.type);
    expect(types.filter((t) => t === "TEXT_MESSAGE_START")).toHaveLength(2);
    expect(types).toContain("TOOL_CALL_RESULT");
    expect(types).toContain("STATE_DELTA");
    expect(types).toContain("REASONING_MESSAGE_CONTENT");
    expect(types.at(-1)).toBe("RUN_FINISHED");
  });

  it("resumed after any event, the new stream is accepted too", async () => {
    for (let cut = 0; cut < envelopes.length; cut++) {
      const encoder = new AgUiEncoder({ threadId: RUN, runId: RUN, task: { id: `${RUN}_task`, content: "Research" } });
      for (const e of envelopes.slice(0, cut)) encoder.encode(e);
      const resumed = [...encoder.resume(), ...envelopes.slice(cut).flatMap((e) => encoder.encode(e))];
      await expect(verified(resumed), `resumed after event ${cut}`).resolves.toHaveLength(resumed.length);
    }
  });
});
