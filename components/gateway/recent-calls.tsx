import type { GatewayCallView } from "@/lib/gateway/views";
import { callUsage } from "@/lib/gateway/watch-state";
import { CallStatus, formatLatency, formatUsd, ModelLabel, tokens } from "./call-parts";

const time = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour12: false });
const COLUMNS = "md:grid-cols-[5rem_minmax(0,1fr)_minmax(0,1.4fr)_7rem_6rem_4.5rem_5rem] md:gap-3";

export function RecentCalls({ calls }: { calls: GatewayCallView[] }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <h2 id="recent-heading" className="text-lg font-medium">
        Recent calls
      </h2>
      {calls.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">None yet.</p>
      ) : (
        <div className="rounded-lg border border-zinc-200 text-sm dark:border-zinc-800">
          <div
            aria-hidden
            className={`hidden border-b border-zinc-200 px-3 py-2 text-xs font-medium text-zinc-600 dark:text-zinc-400 md:grid dark:border-zinc-800 ${COLUMNS}`}
          >
            <span>Time</span>
            <span>Agent</span>
            <span>Model</span>
            <span className="text-right">Tokens in → out</span>
            <span className="text-right">Cost</span>
            <span className="text-right">Latency</span>
            <span className="text-right">Status</span>
          </div>
          <ol aria-label="Recent calls, newest first">
            {calls.map((c) => (
              <CallRow key={c.request_id} call={c} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

/** One call: a row of columns on a wide screen, a small card on a narrow one; what it said or its error under it. */
function CallRow({ call: c }: { call: GatewayCallView }) {
  return (
    <li
      data-testid="recent-call"
      data-request-id={c.request_id}
      data-status={c.status}
      className="border-b border-zinc-100 px-3 py-2 last:border-0 dark:border-zinc-800/70"
    >
      <div className={`grid grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 ${COLUMNS}`}>
        <span className="order-1 text-xs text-zinc-600 dark:text-zinc-400 tabular-nums md:order-none">{time(c.started_at)}</span>
        <span className="order-2 min-w-0 truncate font-medium md:order-none">{c.agent}</span>
        <span className="order-4 col-span-3 min-w-0 md:order-none md:col-span-1">
          <ModelLabel call={c} />
        </span>
        <span className="order-5 tabular-nums md:order-none md:text-right">
          {c.status === "streaming" ? `… → ≈ ${callUsage(c).output_tokens.toLocaleString("en-US")}` : tokens(c)}
        </span>
        <span data-testid="call-cost" className="order-6 tabular-nums md:order-none md:text-right">
          {c.status === "streaming" ? `≈ ${formatUsd(callUsage(c).cost_usd)}` : formatUsd(c.cost_usd)}
        </span>
        <span className="order-7 text-right tabular-nums md:order-none">{formatLatency(c.latency_ms)}</span>
        <span className="order-3 text-right md:order-none">
          <CallStatus call={c} />
        </span>
      </div>
      {(c.error ?? c.text) && (
        <p className={`mt-1 truncate text-xs ${c.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
          {c.error ?? c.text.replace(/\s+/g, " ")}
        </p>
      )}
    </li>
  );
}
