"use client";
// The /gateway page: connect with an API key, then every model call through the gateway, live.
import { useCallback, useEffect, useState } from "react";
import type { GetGatewayResponse } from "@/app/api/v1/gateway/route";
import { tabApiKey } from "@/components/ui/tab-api-key";
import { messageOf } from "@/lib/errors";
import { ORIGIN } from "@/lib/events/cursor";
import { fetchSnapshot, streamUrl } from "./connect";
import { GatewayLive } from "./gateway-live";
import { GatewayKeyForm } from "./key-form";

interface Connected {
  apiKey: string;
  snapshot: GetGatewayResponse;
  url: string;
}

/** `selfServe`: whether keys made on the keys page may watch the gateway here (lib/gateway/access.ts). */
export function GatewayConsole({ selfServe }: { selfServe: boolean }) {
  const [connected, setConnected] = useState<Connected | null>(null);
  const [error, setError] = useState<string | null>(null);

  const connect = useCallback(async (apiKey: string) => {
    try {
      const snapshot = await fetchSnapshot(apiKey);
      // From the snapshot's cursor (the channel's start if it had no events): nothing in between is missed.
      const url = await streamUrl(apiKey, snapshot.last_event_id ?? ORIGIN);
      tabApiKey.set(apiKey);
      setError(null);
      setConnected({ apiKey, snapshot, url });
    } catch (e) {
      tabApiKey.clear();
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    const stored = tabApiKey.get();
    if (stored) void connect(stored);
  }, [connect]);

  if (!connected) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">LLM gateway</h1>
        <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
          Every model call an app makes through Parley's OpenAI- or Anthropic-compatible endpoints, as it streams: who called,
          which model, the text, tokens, cost and latency.
        </p>
        <GatewayKeyForm error={error} onSubmit={connect} selfServe={selfServe} />
      </div>
    );
  }
  return <GatewayLive apiKey={connected.apiKey} first={connected.snapshot} url={connected.url} />;
}
