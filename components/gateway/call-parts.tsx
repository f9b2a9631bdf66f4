// Small pieces the gateway page's call views share.
import { formatLatency, formatUsd } from "@/lib/gateway/format";
import type { GatewayCallView } from "@/lib/gateway/views";

export { formatLatency, formatUsd };

export function ModelLabel({ call }: { call: GatewayCallView }) {
  const demo = call.upstream === "demo";
  return (
    <span
      title={demo ? "Answered by the built-in demo model: no provider key is configured for it" : call.upstream}
      className={`inline-block max-w-full truncate rounded px-1.5 py-0.5 align-middle font-mono text-xs ${demo ? "bg-amber-200 text-amber-900 dark:bg-amber-700 dark:text-amber-50" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"}`}
    >
      {call.provider} · {call.model}
      {demo && !call.model.startsWith("demo") && " · demo"}
    </span>
  );
}

const STATUS = {
  streaming: { label: "streaming", className: "text-sky-700 dark:text-sky-300" },
  completed: { label: "ok", className: "text-emerald-700 dark:text-emerald-400" },
  failed: { label: "failed", className: "text-red-700 dark:text-red-400" },
  budget_exceeded: { label: "over budget", className: "text-red-700 dark:text-red-400" },
} as const;

export function CallStatus({ call }: { call: GatewayCallView }) {
  const { label, className } = STATUS[call.status];
  const code = call.status !== "streaming" && call.status !== "completed" && call.http_status ? ` ${call.http_status}` : "";
  return (
    <span className={`font-medium ${className}`} title={call.error ?? call.finish_reason ?? undefined}>
      {label}
      {code}
    </span>
  );
}

export const tokens = (c: GatewayCallView) =>
  `${c.input_tokens.toLocaleString("en-US")} → ${c.output_tokens.toLocaleString("en-US")}`;
