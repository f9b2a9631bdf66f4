// What any visitor can do for free, from one address: get an identity by loading a page (the signed
// cookie the first visit sets), and make API keys with it on the keys page (POST /api/v1/keys).
import { AddressClient, jsonOf } from "./http";
import type { Tally } from "./tally";

/** One attacker: a loopback address of its own, what it got, and when to stop. */
export interface Attacker {
  client: AddressClient;
  tally: Tally;
  signal: AbortSignal;
  /** Unique to this soak and this address: channel names and titles carry it. */
  tag: string;
  /** The runs it started (the soak removes what they left in Redis). */
  runIds: Set<string>;
}

export function attacker(origin: URL, address: string, tag: string, tally: Tally, signal: AbortSignal): Attacker {
  return { client: new AddressClient(origin, address, 64), tally, signal, tag, runIds: new Set() };
}

/** A browser's headers for a state change: its cookie, and its own origin (a foreign one is refused). */
export const browserHeaders = (a: Attacker, cookie: string) => ({ Cookie: cookie, Origin: a.client.origin.origin });

/** A fresh identity: the cookie a first page visit sets. Null when the visit was refused or failed. */
export async function freshIdentity(a: Attacker): Promise<string | null> {
  try {
    const reply = await a.client.send("GET", "/keys");
    const setCookie = reply.headers["set-cookie"]?.[0]?.split(";")[0];
    if (reply.status === 200 && setCookie) {
      a.tally.accepted("identity");
      return setCookie;
    }
    a.tally.answered("identity", reply.status === 200 ? 599 : reply.status);
  } catch (error) {
    a.tally.failed("identity", error);
  }
  return null;
}

/** A key made on the keys page by `cookie`'s identity, or null when the server would not make it. */
export async function makeKey(a: Attacker, cookie: string, scopes: string[]): Promise<string | null> {
  try {
    const reply = await a.client.json("POST", "/api/v1/keys", { name: `soak ${a.tag}`, scopes }, browserHeaders(a, cookie));
    if (a.tally.reply("key", reply)) return jsonOf<{ key: string }>(reply)?.key ?? null;
  } catch (error) {
    a.tally.failed("key", error);
  }
  return null;
}

/** `count` keys, each made by an identity of its own (so only the address's limit applies to them). */
export async function makeKeys(a: Attacker, count: number, scopes: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count && !a.signal.aborted; i++) {
    const cookie = await freshIdentity(a);
    const key = cookie && (await makeKey(a, cookie, scopes));
    if (key) keys.push(key);
  }
  return keys;
}

/** Waits `ms`, or less when the soak is stopping. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
