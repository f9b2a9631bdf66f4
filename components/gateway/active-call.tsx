import type { GatewayCallView } from "@/lib/gateway/views";
import { callUsage } from "@/lib/gateway/watch-state";
import { formatLatency, formatUsd, ModelLabel } from "./call-parts";

/** What a streaming call shows: its text so far (the tail of it), as it arrives. */
const SHOWN_CHARS = 1500;

export function ActiveCall({ call, now }: { call: GatewayCallView; now: number }) {
  const elapsed = Math.max(0, now - Date.parse(call.started_at));
  const usage = callUsage(call);
  return (
    <article
      data-testid="active-call"
      data-request-id={call.request_id}
      className="min-w-0 space-y-2 rounded-lg border border-sky-200 bg-sky-50/50 p-3 dark:border-sky-900 dark:bg-sky-950/30"
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className="font-semibold break-all">{call.agent}</span>
        <ModelLabel call={call} />
        <span
          className="ml-auto text-xs text-zinc-600 dark:text-zinc-400 tabular-nums"
          data-testid="call-estimate"
          title="An estimate while the call streams: its text so far at the model's price; the gateway's figures replace it when it ends"
        >
          {formatLatency(elapsed)} · out ≈ {usage.output_tokens.toLocaleString("en-US")} tokens · ≈ {formatUsd(usage.cost_usd)} so
          far (estimate)
        </span>
      </header>
      <p
        data-testid="call-text"
        aria-live="off"
        className="max-h-48 overflow-y-auto whitespace-pre-wrap break-words font-mono text-xs leading-relaxed"
      >
        {call.text.length > SHOWN_CHARS ? `…${call.text.slice(-SHOWN_CHARS)}` : call.text}
        <span aria-hidden className="ml-0.5 inline-block h-3 w-1.5 animate-pulse bg-sky-500 align-text-bottom" />
      </p>
    </article>
  );
}
