// A run's spending against its limits (dollars, output tokens), counting the turn in flight.
import type { EventData } from "@/lib/events/schemas";
import type { RunTotals } from "./environment";
import { type Price, round6, streamingCostUsd } from "./pricing";
import type { RunConfig } from "./schemas";
import { estimateTokens } from "./text";
import type { TurnRecord } from "./turn-record";

export interface BudgetReading {
  /** The larger share spent of the two limits: 0.8 warns, 1 stops. */
  fraction: number;
  data: EventData<"run.budget_exceeded">;
  /** Why the run stops, when it does. */
  exceededMessage: string;
}

/** Where the run stands, or null when it has no limits. `streamingOutputTokens`: the turn in flight so far. */
export function readBudget(
  config: Pick<RunConfig, "budget_usd" | "max_tokens">,
  state: { totals: RunTotals; prices: Record<string, Price>; turn: TurnRecord; streamingOutputTokens: number },
): BudgetReading | null {
  const { budget_usd, max_tokens } = config;
  if (budget_usd === null && max_tokens === null) return null;
  const { totals, prices, turn, streamingOutputTokens } = state;
  const inFlight = streamingCostUsd(prices, turn.model, streamingOutputTokens, estimateTokens(turn.promptPreview));
  const spentUsd = totals.costUsd + inFlight;
  const spentTokens = totals.outputTokens + streamingOutputTokens;
  return {
    fraction: Math.max(budget_usd ? spentUsd / budget_usd : 0, max_tokens ? spentTokens / max_tokens : 0),
    data: { spent_usd: round6(spentUsd), limit_usd: budget_usd ?? 0, spent_tokens: spentTokens, limit_tokens: max_tokens },
    exceededMessage:
      budget_usd && spentUsd >= budget_usd
        ? `The run reached its budget of $${budget_usd}`
        : `The run reached its limit of ${max_tokens} output tokens`,
  };
}
