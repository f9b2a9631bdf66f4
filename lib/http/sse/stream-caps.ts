// Caps on concurrent SSE streams: per API key, per user, per client address, and overall. Plain
// counters on this instance (a stream's slot is taken before it opens and given back when it closes),
// so a cap check costs a few map lookups, never a database or Redis read.
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";

export interface StreamCaps {
  per_key: number;
  per_user: number;
  per_address: number;
  max: number;
}

/** Who holds a stream: any of these that the request names is counted. */
export interface StreamHolder {
  keyId?: string | null;
  userId?: string | null;
  address?: string | null;
}

const held = processGlobal("stream-caps", () => ({ total: 0, counts: new Map<string, number>() }));

function refused(what: string): AppError {
  return new AppError("rate_limited", `Too many open streams ${what}; close one or try again shortly`, {
    headers: { "Retry-After": "5" },
  });
}

/** Takes a stream slot for `holder` — or throws 429 with Retry-After; the returned function gives it back once. */
export function acquireStreamSlot(holder: StreamHolder, caps: StreamCaps): () => void {
  const keys: string[] = [];
  const check = (key: string | null | undefined, prefix: string, cap: number, what: string) => {
    if (!key) return;
    const k = `${prefix}:${key}`;
    if ((held.counts.get(k) ?? 0) >= cap) throw refused(what);
    keys.push(k);
  };
  if (held.total >= caps.max) throw refused("on this server");
  check(holder.keyId, "key", caps.per_key, "for this API key");
  check(holder.userId, "user", caps.per_user, "for you");
  check(holder.address, "addr", caps.per_address, "from your address");
  held.total++;
  for (const k of keys) held.counts.set(k, (held.counts.get(k) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.total--;
    for (const k of keys) {
      const left = (held.counts.get(k) ?? 1) - 1;
      if (left > 0) held.counts.set(k, left);
      else held.counts.delete(k);
    }
  };
}
