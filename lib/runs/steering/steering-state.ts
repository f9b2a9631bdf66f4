// The steering part of a run's live state (notes, gates and votes, comments), from the snapshot and then
// the run's events. Pure and idempotent by id, like the rest of lib/runs/state/run-state.ts, which calls it.
import type { BuiltinEvent } from "@/lib/events/schemas";
import type { CommentView, GateView, NoteView, WatchersView } from "./views";

export interface SteeringState {
  notes: NoteView[];
  gates: GateView[];
  comments: CommentView[];
  watchers: WatchersView;
}

/** The state after `e`, or null when `e` is not a steering event. */
export function applySteeringEvent(state: SteeringState, e: BuiltinEvent): SteeringState | null {
  switch (e.type) {
    case "run.interjection": {
      if (state.notes.some((n) => n.id === e.data.id)) return state;
      const { id, author, display_name, content, to } = e.data;
      return { ...state, notes: [...state.notes, { id, author, display_name, content, to, created_at: e.ts }] };
    }
    case "run.awaiting_approval": {
      if (state.gates.some((g) => g.gate_id === e.data.gate_id)) return state;
      const gate: GateView = { ...e.data, opened_at: e.ts, decision: null, note: null, decided_at: null, votes: [] };
      return { ...state, gates: [...state.gates, gate] };
    }
    case "run.gate_vote": {
      const { gate_id, user_id, display_name, decision } = e.data;
      return updateGate(state, gate_id, (g) => ({
        ...g,
        votes: [...g.votes.filter((v) => v.user_id !== user_id), { user_id, display_name, decision }],
      }));
    }
    case "run.gate_decided": {
      const { gate_id, decision, note } = e.data;
      return updateGate(state, gate_id, (g) => (g.decision ? g : { ...g, decision, note, decided_at: e.ts }));
    }
    case "run.comment": {
      if (state.comments.some((c) => c.id === e.data.id)) return state;
      return { ...state, comments: [...state.comments, { ...e.data, created_at: e.ts }] };
    }
    case "run.comment_deleted":
      return { ...state, comments: state.comments.filter((c) => c.id !== e.data.id) };
    case "run.watchers":
      // The whole picture each time: the latest says who watches now.
      return { ...state, watchers: e.data };
    default:
      return null;
  }
}

function updateGate(state: SteeringState, gateId: string, update: (g: GateView) => GateView): SteeringState {
  if (!state.gates.some((g) => g.gate_id === gateId)) return state;
  return { ...state, gates: state.gates.map((g) => (g.gate_id === gateId ? update(g) : g)) };
}

/** The gate waiting for people now, if any. */
export const openGate = (state: SteeringState): GateView | undefined => state.gates.find((g) => g.decision === null);
