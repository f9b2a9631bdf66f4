import "server-only";
// Caps on runs executing at once on this instance: per caller (its identity, or its address when it
// has none) and overall. Counters, not database reads; a slot is given back when the run's execution ends.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";

const slots = processGlobal("runs:slots", () => ({ total: 0, byClient: new Map<string, number>() }));

function busy(message: string): AppError {
  return new AppError("rate_limited", message, { headers: { "Retry-After": "5" } });
}

/** Takes a slot for `client` — or throws 429; the returned function gives it back (once). */
export function acquireRunSlot(client: string): () => void {
  const mine = slots.byClient.get(client) ?? 0;
  if (mine >= env.PARLEY_RUNS_MAX_ACTIVE_PER_CLIENT) {
    throw busy(`You have ${mine} runs going already; wait for one to finish`);
  }
  if (slots.total >= env.PARLEY_RUNS_MAX_ACTIVE) throw busy("Too many runs are going on this server; try again shortly");
  slots.total++;
  slots.byClient.set(client, mine + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slots.total--;
    const left = (slots.byClient.get(client) ?? 1) - 1;
    if (left > 0) slots.byClient.set(client, left);
    else slots.byClient.delete(client);
  };
}

export function activeRunSlots(): number {
  return slots.total;
}
