// One attacker address: what it prepares the way any visitor could (identities, self-made keys, a public
// session with a run), then the floods it runs at once until the soak ends.
import { commentFlood, heartbeat, publicRun } from "./attack-comments";
import { publishFlood } from "./attack-publish";
import { runFlood } from "./attack-runs";
import { SlowUploads } from "./attack-slow";
import type { SoakOptions } from "./options";
import { type Attacker, freshIdentity, makeKey, makeKeys } from "./visitor";

export interface Armed {
  a: Attacker;
  publishKeys: string[];
  runsKey: string | null;
  commentTarget: Awaited<ReturnType<typeof publicRun>>;
}

/** Events per request and bytes per event: issue 19's reproductions. */
const PUBLISH_BATCH = { batch: 100, eventBytes: 60 * 1024 };
const RUN_LOG_BATCH = { batch: 16, eventBytes: 45 * 1024 };

export async function arm(a: Attacker, options: SoakOptions): Promise<Armed> {
  const wants = new Set(options.attacks);
  // The slow bodies need a publish key too, so that their requests get as far as reading the body.
  const publishKeyCount = wants.has("publish") ? options.publishKeys : wants.has("slow") ? 1 : 0;
  const publishKeys = await makeKeys(a, publishKeyCount, ["publish:*"]);
  let runsKey: string | null = null;
  let commentTarget: Armed["commentTarget"] = null;
  if (wants.has("runs") || wants.has("comments")) {
    // One identity owns the runs key and the public session, so the key may start a run in it.
    const owner = await freshIdentity(a);
    runsKey = owner && (await makeKey(a, owner, ["runs"]));
    if (owner && runsKey && wants.has("comments")) commentTarget = await publicRun(a, owner, runsKey);
  }
  return { a, publishKeys, runsKey, commentTarget };
}

export function describeArmed({ a, publishKeys, runsKey, commentTarget }: Armed, options: SoakOptions): string {
  const parts = [`${publishKeys.length} publish key(s)`];
  if (options.attacks.includes("runs") || options.attacks.includes("comments")) parts.push(`runs key ${runsKey ? "✓" : "✗"}`);
  if (options.attacks.includes("comments")) parts.push(`public run ${commentTarget ? commentTarget.runId : "✗"}`);
  return `${a.client.localAddress}: ${parts.join(", ")}`;
}

export interface Launched {
  done: Promise<unknown>;
  slow: SlowUploads | null;
}

export function launch({ a, publishKeys, runsKey, commentTarget }: Armed, options: SoakOptions): Launched {
  const wants = new Set(options.attacks);
  const floods: Promise<void>[] = [];
  if (wants.has("publish")) {
    floods.push(
      publishFlood(a, {
        keys: publishKeys,
        channels: options.channels,
        concurrency: options.publishConcurrency,
        ...PUBLISH_BATCH,
      }),
    );
  }
  if (wants.has("runs") && runsKey) floods.push(runFlood(a, { key: runsKey, runs: options.runs, ...RUN_LOG_BATCH }));
  if (wants.has("comments") && commentTarget && runsKey) {
    floods.push(commentFlood(a, commentTarget, options.commenters), heartbeat(a, commentTarget, runsKey));
  }
  let slow: SlowUploads | null = null;
  if (wants.has("slow") && options.slow > 0) {
    slow = new SlowUploads(a, { connections: options.slow, key: publishKeys[0] ?? null, trickleMs: 10_000 });
    floods.push(slow.start());
  }
  return { done: Promise.allSettled(floods), slow };
}
