// Why a run (or one of its turns) stops early: cancelled, out of budget, or failed.
import { messageOf } from "@/lib/errors";

export class RunStop extends Error {
  constructor(
    readonly kind: "cancelled" | "budget" | "failed",
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export const cancelledStop = (message = "The run was cancelled") => new RunStop("cancelled", "cancelled", message);

/** What stopped a turn: the reason it was aborted with, else its error, else a failed model call. */
export function asStop(error: unknown, reason: unknown, agent: string): RunStop {
  if (reason instanceof RunStop) return reason;
  if (error instanceof RunStop) return error;
  const message = messageOf(error);
  return new RunStop("failed", "provider_error", `${agent}'s model call failed: ${message}`);
}
