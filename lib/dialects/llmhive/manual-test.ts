import "server-only";
// LLMHive's manual test (seed document 000, "Manual Testing"): `curl -N …/events/orchestration/test-session`
// then `curl …/test-session/test` emits a test event onto it. Parley's orchestration streams are runs, so
// an id that names no run is a test stream of its own (the channel `llmhive:<id>`, which nothing else
// publishes to), served only where PARLEY_LLMHIVE_TEST_STREAMS allows it: by default on a local
// `npm start`, never in a deployment.
import { chargeQuota } from "@/lib/auth/quotas";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Envelope } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { sortableIdPattern } from "@/lib/id-patterns";

const TEST_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const RUN_ID = sortableIdPattern("run");

/**
 * Whether an orchestration stream's id may be a test stream: not when it is shaped like a run's id — that
 * names a run, found or not (a reader who lost a run's access must not reconnect to a test stream).
 */
export const mayBeTestStream = (id: string) => !RUN_ID.test(id);

/** Whether this server serves LLMHive's manual test. */
export function testStreamsServed(): boolean {
  const setting = env.PARLEY_LLMHIVE_TEST_STREAMS;
  if (setting !== "auto") return setting === "true";
  const deployed = env.VERCEL || Boolean(env.DATABASE_URL) || Boolean(env.UPSTASH_REDIS_REST_URL);
  return !deployed;
}

/** The test stream's channel for an id, or 400 for an id no channel can carry. */
export function testChannel(sessionId: string): string {
  if (!TEST_ID.test(sessionId)) {
    throw new AppError("bad_request", "A test stream's id is 1–100 characters of A-Z, a-z, 0-9, '_', '.', '-'");
  }
  return `llmhive:${sessionId}`;
}

/** 404 naming the setting, where the manual test is not served. */
export function requireTestStreams(what: string): void {
  if (testStreamsServed()) return;
  throw new AppError(
    "not_found",
    `${what}: LLMHive's manual test (test streams on any id) is off on this server; set PARLEY_LLMHIVE_TEST_STREAMS=true to allow it`,
  );
}

/** Emits one test event — a `step` the orchestration stream shows — onto the id's test stream. */
export async function emitTestEvent(input: { sessionId: string; address: string | null }): Promise<Envelope> {
  requireTestStreams("No test stream");
  const channel = testChannel(input.sessionId);
  await chargeQuota("testEvent", { address: input.address });
  return publishEvent(channel, "step", { step: "test", description: `Test event for session ${input.sessionId}` });
}
