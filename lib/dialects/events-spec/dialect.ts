// The events spec's streams: a project's channel, one kind of its events (ingest jobs, agent runs,
// workflows), optionally one job or run, as unnamed frames of `{type, job}` (`{type, run}`, …) — the
// spec's `onmessage` payloads, with Parley's cursor as `id:` so EventSource resumes them.
import type { Dialect } from "../dialect";
import { isSpecEventType, kindOf, SPEC_EVENTS, type SpecKind, subjectOf } from "./schema";

export function eventsSpecDialect(filter: { kind: SpecKind; id: string | null }): Dialect {
  return {
    frame: (e) => {
      if (!isSpecEventType(e.type) || kindOf(e.type) !== filter.kind) return null;
      const field = SPEC_EVENTS[e.type];
      const payload = e.data && typeof e.data === "object" ? (e.data as Record<string, unknown>)[field] : undefined;
      if (filter.id !== null && subjectOf(e.type, payload) !== filter.id) return null;
      return { data: { type: e.type, [field]: payload } };
    },
    // The spec names no keepalive: Parley's comment, which EventSource ignores.
    keepalive: () => null,
  };
}
