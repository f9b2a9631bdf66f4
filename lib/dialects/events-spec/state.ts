// What the events spec's hooks keep (hooks/useSpecStream.ts): each event once, in order, by its cursor;
// and a project's jobs as they stand (the live-jobs page). Pure, for the browser and tests alike.
import type { SpecEvent, SpecPayload } from "./schema";

/** Events kept by one hook: the spec's hook keeps them all; Parley keeps the latest this many. */
export const SPEC_STREAM_CAPACITY = 2000;

export interface SpecStreamState {
  events: SpecEvent[];
  /** Cursors of the kept events: a replay after a reconnect adds nothing twice. */
  ids: string[];
}

export const emptySpecStream: SpecStreamState = { events: [], ids: [] };

export function appendSpecEvent(state: SpecStreamState, id: string, event: SpecEvent): SpecStreamState {
  if (id && state.ids.includes(id)) return state;
  const events = [...state.events, event];
  const ids = [...state.ids, id];
  const drop = Math.max(0, events.length - SPEC_STREAM_CAPACITY);
  return { events: events.slice(drop), ids: ids.slice(drop) };
}

export interface JobRow {
  id: string;
  /** The last event's type: ingest.job.created … failed. */
  type: string;
  job: SpecPayload;
}

/** The project's jobs, each as its latest event left it, most recently changed first. */
export function jobsOf(events: readonly SpecEvent[]): JobRow[] {
  const rows = new Map<string, JobRow>();
  for (const event of events) {
    const id = event.job?.id;
    if (typeof id !== "string") continue;
    const before = rows.get(id)?.job;
    // Deleted and set again, so the map's order is the order of last change.
    rows.delete(id);
    rows.set(id, { id, type: event.type, job: { ...before, ...event.job } });
  }
  return [...rows.values()].reverse();
}
