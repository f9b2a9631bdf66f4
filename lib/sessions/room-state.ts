// What a session page builds from its live stream, on top of the snapshots it fetched. Pure and
// idempotent by entity id: replayed or doubled events change nothing. Events of other types, or whose
// data does not match their type's schema, are ignored.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import type { GuestRights, Role } from "./schemas";
import type { MessageView, ParticipantView } from "./views";

export interface RoomStream {
  messages: Map<string, MessageView>;
  /** The latest known state of each participant who changed since the snapshot (null: gone). */
  participants: Map<string, ParticipantView | null>;
  online: Map<string, boolean>;
  /** user id → when they last said they were typing (ms). */
  typing: Map<string, { name: string; at: number }>;
  deleted: boolean;
  /** I left or was removed (reason), seen on the stream. */
  gone: "left" | "removed" | null;
  /** The server asked us to refetch our snapshots. */
  resets: number;
  /** Runs started in the session since the page opened, oldest first (they open in the room). */
  runsStarted: string[];
  /** Bumped whenever the session's runs changed (one started, or one ended): the RUNS list refetches. */
  runsVersion: number;
  /** The guests' rights the owner last set, seen on the stream (null: unchanged since the page opened). */
  guests: GuestRights | null;
}

export const emptyRoom = (): RoomStream => ({
  messages: new Map(),
  participants: new Map(),
  online: new Map(),
  typing: new Map(),
  deleted: false,
  gone: null,
  resets: 0,
  runsStarted: [],
  runsVersion: 0,
  guests: null,
});

export function applyRoomEvent(me: string | null) {
  return (state: RoomStream, envelope: Envelope, now = Date.now()): RoomStream => {
    const event = asBuiltinEvent(envelope);
    if (!event) return state;
    switch (event.type) {
      case "session.message_created": {
        const { message } = event.data;
        if (state.messages.has(message.id)) return state;
        const messages = new Map(state.messages).set(message.id, message);
        // Whoever just sent a message is no longer typing it.
        const typing = new Map(state.typing);
        if (message.author_id) typing.delete(message.author_id);
        // Parley's "agent" messages say a run ended.
        return { ...state, messages, typing, runsVersion: state.runsVersion + (message.message_type === "agent" ? 1 : 0) };
      }
      case "session.updated":
        return state.guests === event.data.guests ? state : { ...state, guests: event.data.guests };
      case "session.participant_joined":
      case "session.participant_updated": {
        // The schema fills in a missing avatar (an event from before avatars) with null; the type says optional.
        const participant = { ...event.data.participant, avatar_url: event.data.participant.avatar_url ?? null };
        return { ...state, participants: new Map(state.participants).set(participant.user_id, participant) };
      }
      case "session.participant_left": {
        const { user_id, reason } = event.data;
        const gone = user_id === me ? (reason === "removed" ? "removed" : "left") : state.gone;
        return { ...state, participants: new Map(state.participants).set(user_id, null), gone };
      }
      case "session.presence":
        return { ...state, online: new Map(state.online).set(event.data.user_id, event.data.online) };
      case "session.typing": {
        const { user_id, display_name } = event.data;
        if (user_id === me) return state;
        return { ...state, typing: new Map(state.typing).set(user_id, { name: display_name ?? "Someone", at: now }) };
      }
      case "session.run_started": {
        if (state.runsStarted.includes(event.data.run_id)) return state;
        return { ...state, runsStarted: [...state.runsStarted, event.data.run_id], runsVersion: state.runsVersion + 1 };
      }
      case "session.deleted":
        return { ...state, deleted: true };
      case "stream.reset":
        return { ...state, resets: state.resets + 1 };
      default:
        return state;
    }
  };
}

/** History pages and live messages, once each, oldest first (ids sort by time). */
export function mergeMessages(pages: MessageView[][], live: Map<string, MessageView>): MessageView[] {
  const all = new Map<string, MessageView>();
  for (const page of pages) for (const m of page) all.set(m.id, m);
  for (const [id, m] of live) all.set(id, m);
  return [...all.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The participants snapshot with every later change and presence update applied. */
export function mergeParticipants(snapshot: ParticipantView[], state: RoomStream): ParticipantView[] {
  const byId = new Map(snapshot.map((p) => [p.user_id, p]));
  for (const [id, p] of state.participants) {
    if (p) byId.set(id, { ...p, online: byId.get(id)?.online ?? p.online });
    else byId.delete(id);
  }
  return [...byId.values()].map((p) => ({ ...p, online: state.online.get(p.user_id) ?? p.online }));
}

/**
 * Each participant's avatar by user id, for the messages to find their author's (messages carry no avatar).
 * Someone who left is not in it: their messages show their initial.
 */
export function avatarsById(participants: ParticipantView[]): Map<string, string | null> {
  return new Map(participants.map((p) => [p.user_id, p.avatar_url]));
}

export function typingNames(state: RoomStream, now: number, windowMs = 5000): string[] {
  return [...state.typing.values()].filter((t) => now - t.at < windowMs).map((t) => t.name);
}

/** My role as the room now knows it: from the live participants, else the session's answer; none once I left. */
export function myRole(
  participants: ParticipantView[],
  me: string | null,
  state: RoomStream,
  fromSession: Role | null,
): Role | null {
  return participants.find((p) => p.user_id === me)?.role ?? (state.gone ? null : fromSession);
}

/** Owners and editors write (send messages, start runs); viewers and readers only read. */
export const canWrite = (role: Role | null): boolean => role === "owner" || role === "editor";
