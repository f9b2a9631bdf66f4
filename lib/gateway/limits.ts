import "server-only";
// Limits across a key's calls: requests per minute (lib/auth/quotas, shared through Redis when configured)
// and a daily budget in USD, held call by call (lib/gateway/call-budget.ts, lib/gateway/ledger.ts).
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { chargeQuota } from "@/lib/auth/quotas";
import { env } from "@/lib/env";

export function limitsOf(principal: ApiKeyPrincipal): { requestsPerMinute: number; budgetUsd: number | null } {
  return {
    requestsPerMinute: principal.gateway.requestsPerMinute ?? env.PARLEY_GATEWAY_RPM,
    budgetUsd: principal.gateway.budgetUsd ?? env.PARLEY_GATEWAY_BUDGET_USD ?? null,
  };
}

/** Counts the call against the key's requests per minute — or throws the 429 that says so. */
export async function admitCall(principal: ApiKeyPrincipal): Promise<void> {
  await chargeQuota("gateway", { key: principal.keyId, address: null }, {}, { requests: limitsOf(principal).requestsPerMinute });
}
