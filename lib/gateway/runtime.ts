import "server-only";
// The gateway's per-process parts: the tap's buffer in front of the hub, the recorder, the price table —
// and the tap environment every call gets from them.
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { processGlobal } from "@/lib/process-global";
import { type Price, priceTable } from "@/lib/runs/pricing";
import { DatabaseRecorder, type RecorderCounters } from "./records";
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
