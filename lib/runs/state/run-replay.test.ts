import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { RunSnapshot } from "@/lib/runs/views";
import { playbackOffsets, positionAtTime, positionOfCursor, ReplayTape, replayBase, replayMarkers } from "./run-replay";
import { applyRunEvent, fromSnapshot } from "./run-state";

/** Events one second apart unless `gapMs` says otherwise. */
function tape(specs: [type: string, data: Record<string, unknown>, gapMs?: number][]): Envelope[] {
  let ms = 1_000_000;
  return specs.map(([type, data, gapMs = 1000], i) => {
    ms += gapMs;
    return { id: `${ms}-${i}`, channel: "run:run_x", type, ts: new Date(ms).toISOString(), data };
  });
}

const started = (turn_id: string, agent: string) =>
  ["agent.turn_started", { turn_id, agent, role: "debater", model: "demo", round: 1, prompt_preview: "" }] as [
    string,
    Record<string, unknown>,
  ];
const completed = (turn_id: string, agent: string, text: string) =>
  [
    "agent.turn_completed",
    { turn_id, agent, model: "demo", text, input_tokens: 3, output_tokens: 2, cost_usd: 0.001, latency_ms: 10 },
  ] as [string, Record<string, unknown>];

const EVENTS = tape([
  ["run.started", {}],
  started("t1", "Pro"),
  ["agent.token", { turn_id: "t1", agent: "Pro", text: "Yes ", offset: 0 }],
  ["agent.token", { turn_id: "t1", agent: "Pro", text: "indeed.", offset: 4 }],
  completed("t1", "Pro", "Yes indeed."),
  ["run.interjection", { id: "n1", author: "u1", display_name: "Ada", content: "Mind the cost", to: null }],
  started("t2", "Con"),
  ["agent.token", { turn_id: "t2", agent: "Con", text: "No.", offset: 0 }, 3_600_000],
  completed("t2", "Con", "No."),
  [
    "run.completed",
    { summary: "done", usage: { input_tokens: 6, output_tokens: 4, cost_usd: 0.002 }, success: true, duration_ms: 5000 },
  ],
  ["run.comment", { id: "c1", author: "u2", display_name: "Bo", content: "Nice turn", anchor: { turn_id: "t1" } }, 86_400_000],
]);

/** The finished run as the server stores it (what GET /api/v1/runs/{id} answers). */
function finished(): RunSnapshot {
  const end = fromSnapshot(EMPTY);
  let s = end;
  for (const e of EVENTS) s = applyRunEvent(s, e);
  return {
    ...EMPTY,
    run: s.run,
    turns: s.turns.map((t, i) => ({ ...t, seq: i + 1, finished_at: null })),
    usage: s.usage,
    interjections: s.notes,
    comments: s.comments,
    last_event_id: EVENTS.at(-1)?.id ?? null,
  };
}

const EMPTY: RunSnapshot = {
  run: {
    run_id: "run_x",
    task: "t",
    strategy: "debate",
    strategy_reason: "r",
    status: "queued",
    agents: [
      { name: "Pro", role: "debater", model: "demo" },
      { name: "Con", role: "debater", model: "demo" },
    ],
    rounds: 1,
    budget_usd: null,
    max_tokens: null,
    session_id: null,
    demo: true,
    created_at: new Date(0).toISOString(),
    started_at: null,
    finished_at: null,
    summary: null,
    verdict: null,
    error: null,
    forked_from: null,
  },
  turns: [],
  usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
  progress: { completed_steps: 0, total_steps: 2 },
  last_event_id: null,
  forked_from: null,
  forks: [],
  interjections: [],
  gates: [],
  comments: [],
  watchers: { participants: [], others: 0 },
  state: null,
  log: [],
  rights: { steer: false, vote: false, control: false, comment: true, moderate: false, me: null, joined_at: null },
  prices: {},
};

describe("replaying a run from its stored events", () => {
  it("starts from nothing that happened, and ends where the stored run is", () => {
    const t = new ReplayTape(replayBase(finished()), EVENTS);
    const start = t.stateAt(0);
    expect(start.run.status).toBe("queued");
    expect([start.turns, start.notes, start.comments]).toEqual([[], [], []]);
    const end = t.stateAt(EVENTS.length);
    const stored = fromSnapshot(finished());
    expect(end.turns.map((x) => [x.turn_id, x.status, x.text])).toEqual(stored.turns.map((x) => [x.turn_id, x.status, x.text]));
    expect([end.run.status, end.usage, end.notes, end.comments]).toEqual([
      stored.run.status,
      stored.usage,
      stored.notes,
      stored.comments,
    ]);
  });

  it("shows each moment as it was: a turn half-written, the note before the comment", () => {
    const t = new ReplayTape(replayBase(finished()), EVENTS);
    const mid = t.stateAt(3);
    expect(mid.turns.map((x) => [x.agent, x.status, x.text])).toEqual([["Pro", "running", "Yes "]]);
    const afterNote = t.stateAt(6);
    expect([afterNote.notes.length, afterNote.comments.length, afterNote.run.status]).toEqual([1, 0, "running"]);
    expect(t.cursorAt(6)).toBe(EVENTS[5]?.id);
    expect(t.cursorAt(0)).toBeNull();
  });

  it("remembers states along a long run and gives the same answer as reducing from the start", () => {
    const tokens = Array.from(
      { length: 700 },
      (_, i) =>
        ["agent.token", { turn_id: "t1", agent: "Pro", text: "x", offset: i }, 5] as [string, Record<string, unknown>, number],
    );
    const events = tape([["run.started", {}], started("t1", "Pro"), ...tokens]);
    const t = new ReplayTape(replayBase(EMPTY), events);
    for (const n of [650, 3, 300, 702]) {
      let s = replayBase(EMPTY);
      for (const e of events.slice(0, n)) s = applyRunEvent(s, e);
      expect(t.stateAt(n)).toEqual(s);
    }
    expect(t.stateAt(10_000).turns[0]?.text).toHaveLength(700);
  });

  it("marks turns, notes and comments at the position that shows them", () => {
    expect(replayMarkers(EVENTS).map((m) => [m.kind, m.position, m.label])).toEqual([
      ["turn", 2, "Pro's turn"],
      ["note", 6, "Note by Ada: Mind the cost"],
      ["turn", 7, "Con's turn"],
      ["comment", 11, "Comment by Bo: Nice turn"],
    ]);
  });

  it("plays at the run's own pace with long waits shortened", () => {
    const offsets = playbackOffsets(EVENTS, 1500);
    expect(offsets.slice(0, 3)).toEqual([0, 1000, 2000]);
    // An hour's wait and a comment the next day each pass in 1.5 s.
    expect(offsets[7]! - offsets[6]!).toBe(1500);
    expect(offsets[10]! - offsets[9]!).toBe(1500);
    expect(positionAtTime(offsets, -1)).toBe(0);
    expect(positionAtTime(offsets, 0)).toBe(1);
    expect(positionAtTime(offsets, 1999)).toBe(2);
    expect(positionAtTime(offsets, 1e12)).toBe(EVENTS.length);
  });

  it("reads a link's cursor as the position of the events up to it", () => {
    expect(positionOfCursor(EVENTS, EVENTS[4]!.id)).toBe(5);
    expect(positionOfCursor(EVENTS, "0-0")).toBe(0);
    expect(positionOfCursor(EVENTS, "99999999999999-0")).toBe(EVENTS.length);
    expect(positionOfCursor(EVENTS, "not-a-cursor")).toBeNull();
  });
});
