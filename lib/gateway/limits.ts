import "server-only";
// Limits across a key's calls: requests per minute (lib/auth/quotas, shared through Redis when configured)
// and a daily budget in USD (the spend the database keeps per key and UTC day). A call is checked when it
// arrives; one already running when the budget runs out finishes.
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { chargeQuota } from "@/lib/auth/quotas";
import { env } from "@/lib/env";
import { BudgetExceededError } from "./errors";
import { utcDay } from "./format";
import { spentToday } from "./records";
import { recorder } from "./runtime";

export function limitsOf(principal: ApiKeyPrincipal): { requestsPerMinute: number; budgetUsd: number | null } {
  return {
    requestsPerMinute: principal.gateway.requestsPerMinute ?? env.PARLEY_GATEWAY_RPM,
    budgetUsd: principal.gateway.budgetUsd ?? env.PARLEY_GATEWAY_BUDGET_USD ?? null,
  };
}

/** Counts the call against the key's limits — or throws the 429 that says which one it hit. */
export async function admitCall(principal: ApiKeyPrincipal, now = Date.now()): Promise<void> {
  const { requestsPerMinute, budgetUsd } = limitsOf(principal);
  await chargeQuota("gateway", { key: principal.keyId, address: null }, {}, { requests: requestsPerMinute });
  if (budgetUsd === null) return;
  // What this instance has not written yet is read first: a batch it writes meanwhile is then either
  // still counted here or already in the database's answer (or, for a moment, both) — never neither.
  const unwritten = recorder().pendingSpendUsd(principal.keyId, utcDay(now));
  const spent = unwritten + (await spentToday(principal.keyId, now));
  if (spent >= budgetUsd) throw new BudgetExceededError(spent, budgetUsd);
}
