import "server-only";
// Guests' rights in a session (issue 21, "Quorum means people"). Where sign-in is configured, a gate's
// quorum counts accounts — a guest is one cookie, and anyone can mint cookies — so the session's owner
// chooses what guests (anyone not signed in to an account) may do there: `watch` (read only), `chat` (act
// as their role except voting at gates, the default) or `vote` (their votes count too). The owner is
// never limited by it. Without sign-in configured the setting is ignored and everyone acts as their role.
import { isAccount } from "@/lib/auth/accounts/profile";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { AppError } from "@/lib/errors";
import { SIGN_IN_TO_VOTE_MESSAGE } from "@/lib/runs/steering/gate-rules";
import type { GuestRights, Role } from "./schemas";

/** The documented refusals (docs/api.md, docs/sessions.md). */
export const WATCH_ONLY_MESSAGE =
  "This session lets guests watch only: sign in to an account to write, start runs, steer or comment here";

interface Member {
  session: { guests: GuestRights };
  userId: string | null;
  role: Role | null;
}

/** Whether the setting limits this person at all: sign-in configured, not the owner, and not an account. */
async function limitedGuest(member: Member, rightsThatSuffice: readonly GuestRights[]): Promise<boolean> {
  if (!signInConfigured() || member.role === "owner") return false;
  if (rightsThatSuffice.includes(member.session.guests)) return false;
  return !(await isAccount(member.userId));
}

/** 403 for a guest of a watch-only session: messages, notes, runs, votes, controls and comments. */
export async function assertGuestMayAct(member: Member): Promise<void> {
  if (await limitedGuest(member, ["chat", "vote"])) throw new AppError("forbidden", WATCH_ONLY_MESSAGE);
}

/** 403 for a guest's vote at a gate unless the session lets guests vote. */
export async function assertMayVote(member: Member): Promise<void> {
  if (await limitedGuest(member, ["vote"])) throw new AppError("forbidden", SIGN_IN_TO_VOTE_MESSAGE);
}

/** What the pages show: may this person act (write, steer, comment) and vote here, their role aside? */
export async function guestLimits(member: Member): Promise<{ act: boolean; vote: boolean }> {
  if (!signInConfigured() || member.role === "owner" || member.session.guests === "vote") return { act: true, vote: true };
  const account = await isAccount(member.userId);
  return { act: account || member.session.guests !== "watch", vote: account };
}
