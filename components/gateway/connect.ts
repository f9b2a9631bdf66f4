"use client";
// The page's two requests before it can follow the gateway: the snapshot (with the API key) and a read
// token for the `gateway` channel (EventSource cannot send the key).
import type { GetGatewayResponse } from "@/app/api/v1/gateway/route";
import { GATEWAY_CHANNEL } from "@/lib/gateway/events";

async function call<T>(url: string, apiKey: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { Authorization: `Bearer ${apiKey}`, ...init.headers } });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
  return body;
}

export const fetchSnapshot = (apiKey: string) => call<GetGatewayResponse>("/api/v1/gateway", apiKey);

/** The stream URL with a fresh read token, resuming after `cursor`. */
export async function streamUrl(apiKey: string, cursor: string | null): Promise<string> {
  const { token } = await call<{ token: string }>(`/api/v1/channels/${GATEWAY_CHANNEL}/tokens`, apiKey, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ttl_s: 3600 }),
  });
  const params = new URLSearchParams({ token, ...(cursor && { last_event_id: cursor }) });
  return `/api/v1/channels/${GATEWAY_CHANNEL}/stream?${params}`;
}
