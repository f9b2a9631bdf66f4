// Numbers as the gateway's messages, page and terminal show them. Pure.

export const formatUsd = (usd: number) => `$${usd.toFixed(usd > 0 && usd < 0.01 ? 5 : 4)}`;

/** 1234 → "1.2 s", 87 → "87 ms". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The UTC day of a moment, YYYY-MM-DD: what a daily budget counts against. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
