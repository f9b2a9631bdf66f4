"use client";
// The page's two requests before it can follow the gateway: the snapshot (with the API key) and a read
// token for the `gateway` channel (EventSource cannot send the key).
import { api } from "@/hooks/api";
import { readTokenSchema } from "@/lib/channels/views";
import { GATEWAY_CHANNEL } from "@/lib/gateway/events";
import { gatewaySnapshotSchema } from "@/lib/gateway/views";

const withKey = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}` });

export const fetchSnapshot = (apiKey: string) =>
  api("/api/v1/gateway", { headers: withKey(apiKey), schema: gatewaySnapshotSchema });

/** The stream URL with a fresh read token, resuming after `cursor`. */
export async function streamUrl(apiKey: string, cursor: string | null): Promise<string> {
  const { token } = await api(`/api/v1/channels/${GATEWAY_CHANNEL}/tokens`, {
    method: "POST",
    headers: withKey(apiKey),
    json: { ttl_s: 3600 },
    schema: readTokenSchema,
  });
  const params = new URLSearchParams({ token, ...(cursor && { last_event_id: cursor }) });
  return `/api/v1/channels/${GATEWAY_CHANNEL}/stream?${params}`;
}
