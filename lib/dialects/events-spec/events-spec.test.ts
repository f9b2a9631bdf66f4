import { describe, expect, it } from "vitest";
import { envelopes } from "../test-envelope";
import { eventsSpecDialect } from "./dialect";
import { specEventSchema, subjectOf } from "./schema";
import { appendSpecEvent, emptySpecStream, jobsOf, SPEC_STREAM_CAPACITY } from "./state";

const ev = envelopes("ch:project.acme");

describe("the events spec's events", () => {
  it("are its twelve names with their one payload field: {type, job}, {type, run}, {type, step}, …", () => {
    expect(specEventSchema.safeParse({ type: "ingest.job.created", job: { id: "j1", source: "s3" } }).success).toBe(true);
    expect(specEventSchema.safeParse({ type: "agent.step.updated", step: { run_id: "r1", n: 2 } }).success).toBe(true);
    expect(specEventSchema.safeParse({ type: "workflow.node_state.updated", node: { run_id: "w1" } }).success).toBe(true);
    expect(specEventSchema.safeParse({ type: "ingest.job.created", run: { id: "j1" } }).success).toBe(false);
    expect(specEventSchema.safeParse({ type: "ingest.job.created", job: { name: "no id" } }).success).toBe(false);
    expect(specEventSchema.safeParse({ type: "ingest.job.started", job: { id: "j1" } }).success).toBe(false);
    expect(specEventSchema.safeParse({ type: "ingest.job.created", job: { id: "j1" }, extra: 1 }).success).toBe(false);
    expect(subjectOf("agent.message.appended", { run_id: "r9" })).toBe("r9");
  });

  it("frame as unnamed {type, job} for the stream's kind and id only", () => {
    const job = ev("ingest.job.updated", { job: { id: "j1", progress: 0.5 } });
    const other = ev("ingest.job.updated", { job: { id: "j2" } });
    const run = ev("agent.run.created", { run: { id: "j1" } });
    const forJob = eventsSpecDialect({ kind: "ingest", id: "j1" });
    expect(forJob.frame(job)).toEqual({ data: { type: "ingest.job.updated", job: { id: "j1", progress: 0.5 } } });
    expect(forJob.frame(other)).toBeNull();
    expect(forJob.frame(run)).toBeNull();
    expect(eventsSpecDialect({ kind: "ingest", id: null }).frame(other)).not.toBeNull();
    expect(eventsSpecDialect({ kind: "agent-runs", id: "j1" }).frame(run)).toEqual({
      data: { type: "agent.run.created", run: { id: "j1" } },
    });
    expect(forJob.frame(ev("something.else", {}))).toBeNull();
  });

  it("are kept once each by cursor, the latest capacity of them", () => {
    const e = { type: "ingest.job.created" as const, job: { id: "j1" } };
    const once = appendSpecEvent(emptySpecStream, "1-1", e);
    expect(appendSpecEvent(once, "1-1", e)).toBe(once);
    let state = emptySpecStream;
    for (let i = 0; i < SPEC_STREAM_CAPACITY + 5; i++) state = appendSpecEvent(state, `1-${i}`, e);
    expect(state.events).toHaveLength(SPEC_STREAM_CAPACITY);
    expect(state.ids[0]).toBe("1-5");
  });

  it("leave a project's jobs as their latest events left them, most recent first", () => {
    const rows = jobsOf([
      { type: "ingest.job.created", job: { id: "a", source: "s3" } },
      { type: "ingest.job.created", job: { id: "b" } },
      { type: "ingest.job.completed", job: { id: "a", rows: 10 } },
    ]);
    expect(rows.map((r) => [r.id, r.type])).toEqual([
      ["a", "ingest.job.completed"],
      ["b", "ingest.job.created"],
    ]);
    expect(rows[0]?.job).toEqual({ id: "a", source: "s3", rows: 10 });
  });
});
