import { formatUsd } from "@/lib/gateway/format";
import type { TotalsRow } from "@/lib/gateway/views";

export function TotalsTable({ title, rows }: { title: string; rows: TotalsRow[] }) {
  return (
    <table className="w-full table-fixed text-sm">
      <caption className="mb-2 text-left font-medium text-zinc-600 dark:text-zinc-400">{title}</caption>
      <thead>
        <tr className="border-b border-zinc-200 text-xs text-zinc-600 dark:text-zinc-400 dark:border-zinc-800">
          <th scope="col" className="w-[34%] py-1 text-left font-medium">
            Name
          </th>
          <th scope="col" className="w-[14%] py-1 text-right font-medium">
            Calls
          </th>
          <th scope="col" className="w-[30%] py-1 pl-2 text-right font-medium">
            Tokens in → out
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Cost
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="py-2 text-zinc-600 dark:text-zinc-400">
              No calls in the last hour.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/70">
              <th scope="row" className="truncate py-1 text-left font-normal" title={r.name}>
                {r.name}
              </th>
              <td className="py-1 text-right tabular-nums">{r.requests}</td>
              <td className="py-1 pl-2 text-right tabular-nums">
                {r.input_tokens.toLocaleString("en-US")} → {r.output_tokens.toLocaleString("en-US")}
              </td>
              <td className="py-1 text-right tabular-nums">{formatUsd(r.cost_usd)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
