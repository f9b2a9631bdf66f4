// How the gateway fails. Parley's own refusals are AppErrors like everywhere else; the provider endpoints
// render them (and the upstream's failures) in the caller's provider's error shape, not Parley's.
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { formatUsd } from "./format";

/** What a failure is, whoever caused it: rendered by each provider in its own error shape. */
export interface GatewayFailure {
  status: number;
  code: ErrorCode | "budget_exceeded" | "model_not_priced" | "upstream_failed" | "upstream_timeout";
  message: string;
  headers?: Record<string, string>;
}

/** Why the budget refused: the call's worst case did not fit beside what is held, or a stream outgrew it. */
export type BudgetShortfall = { heldUsd: number; callUsd: number } | { midStream: true };

function budgetMessage(spentUsd: number, limitUsd: number, why?: BudgetShortfall): string {
  const budget = `This API key's daily gateway budget of ${formatUsd(limitUsd)}`;
  if (why && "midStream" in why) {
    return `${budget} ran out during this answer (${formatUsd(spentUsd)} spent or held today, UTC): it was ended there`;
  }
  if (!why || spentUsd >= limitUsd) return `${budget} is spent (${formatUsd(spentUsd)} today, UTC)`;
  return (
    `${budget} cannot cover this call: ${formatUsd(spentUsd)} is spent and ${formatUsd(why.heldUsd)} held by calls ` +
    `running now (today, UTC), and this call may cost up to ${formatUsd(why.callUsd)} (its input and its max tokens at its model's price)`
  );
}

/** The key's daily budget cannot pay for the call: a 429 that retrying at once cannot fix (so SDKs are told not to). */
export class BudgetExceededError extends AppError {
  constructor(
    readonly spentUsd: number,
    readonly limitUsd: number,
    why?: BudgetShortfall,
  ) {
    super("rate_limited", budgetMessage(spentUsd, limitUsd, why), { headers: { "x-should-retry": "false" } });
  }
}

/** A key with a budget calls a model nobody priced: refused rather than counted as free. */
export class ModelNotPricedError extends AppError {
  constructor(priceKey: string) {
    const name = priceKey.slice(0, 120);
    super(
      "bad_request",
      `The model ${name} has no price, and this API key has a daily budget, so the gateway cannot count what it costs. ` +
        `The operator can price it in PARLEY_MODEL_PRICES, e.g. {"${name}": {"input": 2.5, "output": 10}} (USD per million tokens)`,
    );
  }
}

/** Any error a gateway call threw, as a failure to render; unknown errors are answered 500 (the edge logs them). */
export function failureOf(error: unknown): GatewayFailure {
  if (error instanceof BudgetExceededError) {
    return { status: 429, code: "budget_exceeded", message: error.message, headers: error.headers };
  }
  if (error instanceof ModelNotPricedError) return { status: 400, code: "model_not_priced", message: error.message };
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return { status: 400, code: "validation_failed", message: `The request is not valid (${issues.join("; ")})` };
  }
  return { status: 500, code: "internal", message: "Something went wrong on our side" };
}
