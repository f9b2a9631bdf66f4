// The official OpenAI and Anthropic clients pointed at a test server's gateway (or straight at an upstream),
// and a watcher of the `gateway` channel.
import { connect, type Socket } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { mintAdminToken } from "@/lib/auth/tokens";
import type { Envelope } from "@/lib/events/envelope";
import { TEST_SECRET, type TestServer } from "./server";

/** Retries would hide what the gateway answered; every test sees the first answer. */
const CLIENT = { maxRetries: 0, timeout: 30_000 };

export const gatewayOpenAI = (server: TestServer, apiKey: string, headers: Record<string, string> = {}) =>
  new OpenAI({ ...CLIENT, apiKey, baseURL: `${server.url}/api/v1/gateway/openai/v1`, defaultHeaders: headers });

export const gatewayAnthropic = (server: TestServer, apiKey: string, headers: Record<string, string> = {}) =>
  new Anthropic({ ...CLIENT, apiKey, baseURL: `${server.url}/api/v1/gateway/anthropic`, defaultHeaders: headers });

/** An operator's key with the gateway scope and these limits (`budget_usd`, `requests_per_minute`). */
export async function gatewayKeyWith(
  server: TestServer,
  gateway: { budget_usd?: number; requests_per_minute?: number },
): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/admin/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "limited", scopes: ["gateway"], gateway }),
  });
  if (res.status !== 201) throw new Error(`creating a key answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

export const directOpenAI = (baseURL: string, apiKey: string) => new OpenAI({ ...CLIENT, apiKey, baseURL });
export const directAnthropic = (baseURL: string, apiKey: string) => new Anthropic({ ...CLIENT, apiKey, baseURL });

/** Every chunk of a streamed chat completion. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

export interface GatewayEvent extends Envelope {
  data: { request_id: string; [key: string]: unknown };
}

/** The gateway channel's events of one call, in order. */
export function eventsOf(envelopes: Envelope[], requestId: string): GatewayEvent[] {
  return envelopes.filter(
    (e): e is GatewayEvent =>
      e.type.startsWith("gateway.") &&
      typeof e.data === "object" &&
      e.data !== null &&
      "request_id" in e.data &&
      e.data.request_id === requestId,
  );
}

const isEnd = (e: Envelope) => e.type === "gateway.completed" || e.type === "gateway.failed";

/** The request id of the only call of `agent` that has ended on the channel — after it has ended. */
export async function endedCall(
  watcher: { envelopes: Envelope[]; waitFor(p: (r: { envelopes: Envelope[] }) => boolean, ms?: number): Promise<void> },
  agent: string,
): Promise<{ requestId: string; events: GatewayEvent[] }> {
  const started = () =>
    watcher.envelopes.filter(
      (e) => e.type === "gateway.request_started" && (e.data as { agent?: string }).agent === agent,
    ) as GatewayEvent[];
  await watcher.waitFor((w) => {
    const s = started();
    return (
      s.length > 0 &&
      w.envelopes.some((e) => isEnd(e) && (e.data as { request_id?: string }).request_id === s[0]!.data.request_id)
    );
  }, 15_000);
  const all = started();
  if (all.length !== 1) throw new Error(`expected one call by ${agent}, saw ${all.length}`);
  const requestId = all[0]!.data.request_id;
  return { requestId, events: eventsOf(watcher.envelopes, requestId) };
}

/**
 * A client that sends a stream request and never reads the answer: a raw socket, paused, so only the
 * kernel's buffers take what the server sends.
 */
export async function stuckReader(server: TestServer, path: string, apiKey: string): Promise<Socket> {
  const socket = connect(server.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${apiKey}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.once("data", () => resolve()));
  socket.pause();
  return socket;
}

// Agent names unique to this test process: CI's PostgreSQL keeps earlier runs' calls, and the gateway's
// totals add up the whole last hour.
const run = Math.random().toString(36).slice(2, 6);
let seq = 0;
export const agentName = (what: string) => `${what}-${run}${++seq}`;
