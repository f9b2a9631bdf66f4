// One call's share of its key's daily budget (README "Budgets"). When the call arrives it holds its worst
// case — its input counted at one token per byte of the request (no token is shorter than a byte; images
// and files sent by reference at IMAGE_URL_TOKENS each) and its output at its cap, all at its model's
// price — or it is refused. A stream is counted as it passes; one that outgrows its hold (an upstream that
// ignores the cap, input that cost more than counted) raises the hold from what the key has left, and is
// ended when nothing is. When the call ends, its cost is settled and the rest of its hold is free again.
import { AppError } from "@/lib/errors";
import type { ModelPrice, TokenUsage } from "@/lib/runs/models/pricing";
import { BudgetExceededError, type GatewayFailure } from "./errors";
import type { BudgetLedger } from "./ledger";
import type { StreamProgress } from "./providers/types";

/** What an image or file sent by reference (not in the body) is counted as, in input tokens. */
export const IMAGE_URL_TOKENS = 2_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Content parts whose tokens are not in the request's bytes: images by URL, files by id or URL. */
function byReference(value: unknown, depth = 0): number {
  if (depth > 64) return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + byReference(v, depth + 1), 0);
  if (!isRecord(value)) return 0;
  const part = value;
  const url = isRecord(part.image_url) ? part.image_url.url : undefined;
  const source = isRecord(part.source) ? part.source.type : undefined;
  const here =
    (part.type === "image_url" && typeof url === "string" && !url.startsWith("data:")) ||
    ((part.type === "image" || part.type === "document") && (source === "url" || source === "file")) ||
    (part.type === "file" && isRecord(part.file) && typeof part.file.file_id === "string");
  let n = here ? 1 : 0;
  for (const v of Object.values(part)) if (typeof v === "object") n += byReference(v, depth + 1);
  return n;
}

/** The most input tokens a request can be: its UTF-8 bytes, and what it sends by reference. */
export function inputTokensBound(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body) ?? "", "utf8") + IMAGE_URL_TOKENS * byReference(body);
}

/**
 * How many output tokens a stream has produced, at most as far as can be told before the provider says:
 * within its cap, the cap is the bound (the upstream stops there); past it — in messages, each at least a
 * token — the upstream ignores the cap, and every byte counts as a token.
 */
export function outputTokensSoFar(progress: StreamProgress, cap: number): number {
  return progress.outputChunks > cap ? progress.outputBytes : Math.min(progress.outputBytes, cap);
}

export interface BudgetScope {
  ledger: BudgetLedger;
  keyId: string;
  /** The UTC day the call arrived on: the day it counts against, whenever it ends. */
  day: string;
  callId: string;
  limitUsd: number;
  /** A hold is renewed when it is older than this (the ledger drops holds not renewed for three times it). */
  renewMs: number;
  now(): number;
}

export class CallBudget {
  private heldUsd: number;
  /**
   * The output tokens the hold covers, at the input figure it was worked out for: a stream compares its
   * count with it after each message (pricing a usage is far slower than comparing two numbers).
   */
  private allowance: { input: number | null; heldUsd: number; outputTokens: number } = {
    input: null,
    heldUsd: -1,
    outputTokens: 0,
  };
  private renewedAt: number;
  private settled = false;
  private raising: Promise<GatewayFailure | null> | null = null;

  private constructor(
    private readonly scope: BudgetScope,
    private readonly price: ModelPrice,
    private readonly inputBound: number,
    private readonly cap: number,
  ) {
    this.heldUsd = this.costOf(null, cap);
    this.renewedAt = scope.now();
  }

  /** Holds the call's worst case — or throws the 429 that says why not. */
  static async open(scope: BudgetScope, price: ModelPrice, inputBound: number, cap: number): Promise<CallBudget> {
    const budget = new CallBudget(scope, price, inputBound, cap);
    const usd = budget.heldUsd;
    const verdict = await scope.ledger.hold({ ...budget.request(), usd }).catch((error: unknown) => {
      console.error("the gateway could not reach its budget ledger", error);
      throw new AppError("unavailable", "The gateway could not check this API key's budget; try again shortly");
    });
    if (!verdict.held)
      throw new BudgetExceededError(verdict.spentUsd, scope.limitUsd, { heldUsd: verdict.heldUsd, callUsd: usd });
    return budget;
  }

  private request() {
    const { keyId, day, callId, limitUsd } = this.scope;
    return { keyId, day, callId, limitUsd };
  }

  private costOf(inputTokens: number | null, outputTokens: number): number {
    return this.price.costUsd({ inputTokens: inputTokens ?? this.inputBound, outputTokens });
  }

  /** What a stream has cost so far, at most. */
  estimateUsd(progress: StreamProgress): number {
    return this.costOf(progress.inputTokens, outputTokensSoFar(progress, this.cap));
  }

  /**
   * The usage a stream that ended early is charged — its input as told (or as counted), its output so far
   * at most — but never more than it held: a stream ended by its budget took what the key had left.
   */
  estimateUsage(progress: StreamProgress): { inputTokens: number; outputTokens: number; costUsd: number } {
    const outputTokens = outputTokensSoFar(progress, this.cap);
    const costUsd = Math.min(this.estimateUsd(progress), this.heldUsd);
    return { inputTokens: progress.inputTokens ?? this.inputBound, outputTokens, costUsd };
  }

  /**
   * After each message of a stream: null while what it may have cost fits its hold — raised from what the key
   * has left when it must (then a promise) — else the failure that ends it.
   */
  check(progress: StreamProgress): GatewayFailure | null | Promise<GatewayFailure | null> {
    if (this.raising) return this.raising;
    this.renew();
    const output = outputTokensSoFar(progress, this.cap);
    if (output <= this.allowedOutput(progress.inputTokens)) return null;
    const usd = this.estimateUsd(progress);
    if (usd <= this.heldUsd) return null;
    // Ask for a cap's worth more than needed, so a long stream asks the ledger seldom.
    const wanted = this.costOf(progress.inputTokens, output + this.cap);
    this.raising = this.raise(wanted, usd).finally(() => {
      this.raising = null;
    });
    return this.raising;
  }

  /** How many output tokens the hold pays for, with this many input tokens (null: as counted on arrival). */
  private allowedOutput(input: number | null): number {
    const a = this.allowance;
    if (a.input === input && a.heldUsd === this.heldUsd) return a.outputTokens;
    const base = this.costOf(input, 0);
    const perToken = (this.costOf(input, this.cap) - base) / this.cap;
    // Rounded down, past float noise: a hold worked out for the cap covers the cap (a millionth of a token is no money).
    const tokens = perToken > 0 ? Math.floor((this.heldUsd - base) / perToken + 1e-6) : Number.POSITIVE_INFINITY;
    this.allowance = { input, heldUsd: this.heldUsd, outputTokens: tokens };
    return tokens;
  }

  private async raise(wanted: number, needed: number): Promise<GatewayFailure | null> {
    try {
      this.heldUsd = await this.scope.ledger.raise({ ...this.request(), usd: wanted });
      this.renewedAt = this.scope.now();
    } catch (error) {
      console.error("the gateway could not reach its budget ledger mid-stream", error);
      return {
        status: 503,
        code: "unavailable",
        message: "The gateway could not check this API key's budget; the answer was ended",
      };
    }
    if (needed <= this.heldUsd) return null;
    const { message, headers } = new BudgetExceededError(this.heldUsd, this.scope.limitUsd, { midStream: true });
    return { status: 429, code: "budget_exceeded", message, headers };
  }

  /**
   * A long stream keeps its hold alive (an instance that died would not). A hold that lapsed meanwhile (a
   * caller that stopped reading for longer than the hold lives) comes back only as far as the key has room.
   */
  private renew(): void {
    if (this.scope.now() - this.renewedAt < this.scope.renewMs) return;
    this.renewedAt = this.scope.now();
    this.scope.ledger.raise({ ...this.request(), usd: this.heldUsd }).then(
      (usd) => {
        this.heldUsd = usd;
      },
      (error: unknown) => console.error("the gateway could not renew a budget hold", error),
    );
  }

  /** Ends the hold with what the call cost; only the first settlement counts. */
  settle(costUsd: number): void {
    if (this.settled) return;
    this.settled = true;
    this.scope.ledger.settle({ ...this.request(), costUsd }).catch((error: unknown) => {
      console.error("the gateway could not settle a call's cost against its key's budget", error);
    });
  }
}

/** What a call's usage costs at its price (no price: nothing, for keys without a budget). */
export const usageCost = (price: ModelPrice | null, usage: TokenUsage) => (price ? price.costUsd(usage) : 0);
