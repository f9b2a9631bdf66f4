"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { tabApiKey } from "@/components/ui/tab-api-key";
import { ApiError, api } from "@/hooks/api";
import { readTokenSchema } from "@/lib/channels/views";

const streamUrl = (name: string, token: string) => `/api/v1/channels/${name}/stream?token=${encodeURIComponent(token)}`;

/**
 * Trades the API key for a short-lived read token (EventSource cannot send an Authorization header). The
 * server's refusal (a wrong key, a missing scope) is for the person to read; anything else is thrown.
 */
async function mintStreamUrl(name: string, apiKey: string): Promise<{ url: string } | { error: string }> {
  try {
    const { token } = await api(`/api/v1/channels/${name}/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}` },
      json: { ttl_s: 3600 },
      schema: readTokenSchema,
    });
    return { url: streamUrl(name, token) };
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

/**
 * How the console reads a channel: a read link given with the page, or one minted from an API key (kept
 * for the tab's session, and minted again when the link expires).
 */
export function useChannelAccess(name: string, initialToken: string | null) {
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(initialToken ? streamUrl(name, initialToken) : null);
  const [authError, setAuthError] = useState<string | null>(null);

  const connectWithKey = useCallback(
    async (key: string) => {
      const result = await mintStreamUrl(name, key);
      if ("error" in result) {
        setAuthError(result.error);
        tabApiKey.clear();
        setApiKey(null);
        return null;
      }
      setAuthError(null);
      tabApiKey.set(key);
      setApiKey(key);
      return result.url;
    },
    [name],
  );

  useEffect(() => {
    const stored = tabApiKey.get();
    if (stored && !initialToken) void connectWithKey(stored).then((u) => u && setUrl(u));
  }, [connectWithKey, initialToken]);

  const refreshUrl = useMemo(() => (apiKey ? () => connectWithKey(apiKey) : undefined), [apiKey, connectWithKey]);
  return { apiKey, url, setUrl, authError, connectWithKey, refreshUrl };
}
