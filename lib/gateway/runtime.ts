import "server-only";
// The gateway's per-process parts: the tap's buffer in front of the hub, the recorder, the price table, the
// budget ledger (in Redis when the hub is, so every instance shares it) — and the tap environment every
// call gets from them.
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { processGlobal } from "@/lib/process-global";
import { type Price, priceTable } from "@/lib/runs/models/pricing";
import { type BudgetLedger, MemoryLedger } from "./ledger";
import { RedisLedger } from "./ledger-redis";
import { DatabaseRecorder, type RecorderCounters, spentOnDay } from "./records";
import { postSessionNote } from "./session";
import type { TapEnvironment } from "./tap";
import { type TapCounters, TapQueue } from "./tap-queue";

export const tapQueue = (): TapQueue =>
  processGlobal(
    "gatewayTapQueue",
    () => new TapQueue((channel, events) => getHub().publishBatch(channel, events), env.PARLEY_GATEWAY_TAP_BUFFER_BYTES),
  );

export const recorder = (): DatabaseRecorder => processGlobal("gatewayRecorder", () => new DatabaseRecorder());

export const prices = (): Record<string, Price> => processGlobal("gatewayPrices", () => priceTable(env.PARLEY_MODEL_PRICES));

/**
 * A running call renews its budget hold this often; a hold not renewed for three times as long is dropped
 * (its instance died). Whole answers renew nothing, so the period outlasts the upstream's time to answer.
 */
export const holdRenewMs = () => Math.max(5 * 60_000, env.PARLEY_TURN_TIMEOUT_MS);

export const budgetLedger = (): BudgetLedger =>
  processGlobal("gatewayLedger", () => {
    const options = {
      holdTtlMs: 3 * holdRenewMs(),
      // What the database holds for the day, and what this instance has not written there yet.
      spentBefore: async (keyId: string, day: string) => recorder().pendingSpendUsd(keyId, day) + (await spentOnDay(keyId, day)),
    };
    if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
      return new RedisLedger({ ...options, url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
    }
    return new MemoryLedger(options);
  });

export function tapEnvironment(): TapEnvironment {
  return {
    queue: tapQueue(),
    recorder: recorder(),
    flushMs: env.PARLEY_TOKEN_FLUSH_MS,
    record: env.PARLEY_GATEWAY_RECORD,
    sessionNote: postSessionNote,
    now: Date.now,
  };
}

export type GatewayCounters = TapCounters & RecorderCounters;

/** The tap's and the recorder's counters: dropped deltas, publish failures, writes waiting. */
export function gatewayCounters(): GatewayCounters {
  return { ...tapQueue().counters, ...recorder().counters };
}
