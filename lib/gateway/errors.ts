// How the gateway fails. Parley's own refusals are AppErrors like everywhere else; the provider endpoints
// render them (and the upstream's failures) in the caller's provider's error shape, not Parley's.
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { formatUsd } from "./format";

/** What a failure is, whoever caused it: rendered by each provider in its own error shape. */
export interface GatewayFailure {
  status: number;
  code: ErrorCode | "budget_exceeded" | "upstream_failed" | "upstream_timeout";
  message: string;
  headers?: Record<string, string>;
}

/** The key's daily budget is spent: a 429 that retrying today cannot fix (so SDKs are told not to). */
export class BudgetExceededError extends AppError {
  constructor(
    readonly spentUsd: number,
    readonly limitUsd: number,
  ) {
    super(
      "rate_limited",
      `This API key's daily gateway budget of ${formatUsd(limitUsd)} is spent (${formatUsd(spentUsd)} today, UTC)`,
      {
        headers: { "x-should-retry": "false" },
      },
    );
  }
}

/** Any error a gateway call threw, as a failure to render; unknown errors are answered 500 (the edge logs them). */
export function failureOf(error: unknown): GatewayFailure {
  if (error instanceof BudgetExceededError) {
    return { status: 429, code: "budget_exceeded", message: error.message, headers: error.headers };
  }
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return { status: 400, code: "validation_failed", message: `The request is not valid (${issues.join("; ")})` };
  }
  return { status: 500, code: "internal", message: "Something went wrong on our side" };
}
