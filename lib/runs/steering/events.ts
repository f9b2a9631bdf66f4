// The data of the events people's steering publishes, built once from the stored views (and checked
// strictly against their schemas in lib/runs/engine/events.test.ts).
import type { EventData } from "@/lib/events/schemas";
import type { GateDecision } from "./schemas";
import type { CommentView, NoteView } from "./views";

export const noteEvent = (n: NoteView): EventData<"run.interjection"> => ({
  id: n.id,
  author: n.author,
  display_name: n.display_name,
  content: n.content,
  to: n.to,
});

export const commentEvent = (c: CommentView): EventData<"run.comment"> => ({
  id: c.id,
  author: c.author,
  display_name: c.display_name,
  content: c.content,
  anchor: c.anchor,
});

export const voteEvent = (
  gateId: string,
  person: { id: string; displayName: string },
  decision: GateDecision,
): EventData<"run.gate_vote"> => ({
  gate_id: gateId,
  user_id: person.id,
  display_name: person.displayName,
  decision,
});

export const decidedEvent = (
  gateId: string,
  d: { decision: GateDecision; voters: string[]; note: string | null },
  timedOut: boolean,
): EventData<"run.gate_decided"> => ({
  gate_id: gateId,
  decision: d.decision,
  voters: d.voters,
  note: d.note,
  timed_out: timedOut,
});
