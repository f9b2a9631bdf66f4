// A run's events as a story two drives of the same run must tell alike: the run's own id taken out, the
// clock's marks (timings, how tokens happened to be batched) and presence (run.watchers) left out, each
// turn's text told once.
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";

const TIMED = new Set(["latency_ms", "duration_ms", "est_remaining_ms", "offset"]);

export interface StoryLine {
  type: string;
  data: Record<string, unknown>;
}

export function story(events: readonly { type: string; data: unknown }[], runId?: string): StoryLine[] {
  const told: StoryLine[] = [];
  const texts = new Map<unknown, StoryLine>();
  for (const e of events) {
    // Who has the run open is presence, not the run's story.
    if (e.type === "run.watchers") continue;
    const json = JSON.stringify(e.data ?? {});
    const data = JSON.parse(runId ? json.replaceAll(runId, "RUN") : json) as Record<string, unknown>;
    const turnText = e.type === "agent.token" ? texts.get(data.turn_id) : undefined;
    if (turnText) {
      turnText.data.text = `${turnText.data.text}${data.text}`;
      continue;
    }
    const line = { type: e.type, data: Object.fromEntries(Object.entries(data).filter(([k]) => !TIMED.has(k))) };
    if (e.type === "agent.token") texts.set(data.turn_id, line);
    told.push(line);
  }
  return told;
}

/**
 * Problems with a run stream as one reader got it: ids not strictly increasing (a duplicate or a
 * reordering), or a turn's tokens not following on from each other (a gap), or a turn that did not end.
 */
export function streamProblems(events: readonly Envelope[]): string[] {
  const problems: string[] = [];
  const at = new Map<string, number>();
  const open = new Set<string>();
  for (const [i, e] of events.entries()) {
    const before = events[i - 1];
    if (before && !(compareCursors(before.id, e.id) < 0)) problems.push(`${e.id} after ${before.id}`);
    const data = e.data as { turn_id?: string; offset?: number; text?: string };
    if (e.type === "agent.turn_started" && data.turn_id) open.add(data.turn_id);
    if ((e.type === "agent.turn_completed" || e.type === "agent.turn_failed") && data.turn_id) open.delete(data.turn_id);
    if (e.type !== "agent.token" || !data.turn_id) continue;
    const expected = at.get(data.turn_id) ?? 0;
    if (data.offset !== expected) problems.push(`${data.turn_id}: tokens at ${data.offset}, expected ${expected}`);
    at.set(data.turn_id, (data.offset ?? 0) + (data.text?.length ?? 0));
  }
  for (const turn of open) problems.push(`${turn} never ended`);
  return problems;
}
