// The hubs' share of the metrics: how long a publish takes and how many requests go to Redis.
import { recordHubPublish } from "./histograms";
import { tally } from "./tally";

/** Times `publish` (a hub's publish or publishBatch) and records it, whether it succeeds or fails. */
export async function timedPublish<T>(hub: string, publish: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await publish();
  } finally {
    recordHubPublish(hub, performance.now() - t0);
  }
}

/** One HTTP request to Redis; `op` says what it carried (command, pipeline, multi-exec, subscribe). */
export function countRedisRequest(op: string): void {
  tally.redisRequests[op] = (tally.redisRequests[op] ?? 0) + 1;
}
