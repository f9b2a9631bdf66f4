// What the attack got: per kind of request, how many the server accepted (and how many bytes), refused
// (by status), or failed on (5xx, or the connection itself: reset, refused, timed out).
import { errorCode, type Reply } from "./http";

export const ATTACK_KINDS = ["identity", "key", "publish", "run.start", "run.log", "comment", "slow"] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

export interface KindCount {
  accepted: number;
  acceptedBytes: number;
  refused: number;
  failed: number;
  /** "429", "413", "ECONNRESET"…: every answer that was not an acceptance. */
  outcomes: Map<string, number>;
}

const empty = (): KindCount => ({ accepted: 0, acceptedBytes: 0, refused: 0, failed: 0, outcomes: new Map() });

export class Tally {
  private readonly counts = new Map<AttackKind, KindCount>(ATTACK_KINDS.map((k) => [k, empty()]));

  private of(kind: AttackKind): KindCount {
    return this.counts.get(kind) as KindCount;
  }

  accepted(kind: AttackKind, bytes = 0): void {
    const c = this.of(kind);
    c.accepted++;
    c.acceptedBytes += bytes;
  }

  /** A 4xx: the server said no. A 5xx: it failed. */
  answered(kind: AttackKind, status: number): void {
    const c = this.of(kind);
    if (status >= 500) c.failed++;
    else c.refused++;
    c.outcomes.set(String(status), (c.outcomes.get(String(status)) ?? 0) + 1);
  }

  /** Refused without a status: a connection the server closed ("closed"), or answered otherwise. */
  refusedAs(kind: AttackKind, outcome: string): void {
    const c = this.of(kind);
    c.refused++;
    c.outcomes.set(outcome, (c.outcomes.get(outcome) ?? 0) + 1);
  }

  failed(kind: AttackKind, error: unknown): void {
    const c = this.of(kind);
    c.failed++;
    const code = errorCode(error);
    c.outcomes.set(code, (c.outcomes.get(code) ?? 0) + 1);
  }

  /** Counts a reply: 2xx accepted (with `bytes` sent), anything else by its status. True when accepted. */
  reply(kind: AttackKind, reply: Reply, bytes = 0): boolean {
    if (reply.status >= 200 && reply.status < 300) {
      this.accepted(kind, bytes);
      return true;
    }
    this.answered(kind, reply.status);
    return false;
  }

  snapshot(): Map<AttackKind, KindCount> {
    return new Map([...this.counts].map(([k, c]) => [k, { ...c, outcomes: new Map(c.outcomes) }]));
  }
}

/** What happened between two snapshots. */
export function difference(now: Map<AttackKind, KindCount>, before: Map<AttackKind, KindCount>): Map<AttackKind, KindCount> {
  const out = new Map<AttackKind, KindCount>();
  for (const [kind, c] of now) {
    const b = before.get(kind) ?? empty();
    const outcomes = new Map<string, number>();
    for (const [k, n] of c.outcomes) if (n - (b.outcomes.get(k) ?? 0) > 0) outcomes.set(k, n - (b.outcomes.get(k) ?? 0));
    out.set(kind, {
      accepted: c.accepted - b.accepted,
      acceptedBytes: c.acceptedBytes - b.acceptedBytes,
      refused: c.refused - b.refused,
      failed: c.failed - b.failed,
      outcomes,
    });
  }
  return out;
}
