// Talking to a Parley server: JSON requests with its one error shape, turned into messages that say
// what to do and the exit code that goes with them.

import { type ErrorBody, errorBodySchema } from "@/lib/error-body";
import { messageOf } from "@/lib/errors";
import { CliError, EXIT } from "./errors";
import { printableStrings } from "./ui/text";

export interface Connection {
  /** Base URL, without a trailing slash. */
  server: string;
  apiKey: string | null;
  userId: string | null;
}

/** Answers that mean "not now" rather than "no": the server (or a proxy before it) is busy, starting or away. */
export const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Headers that identify the caller: the API key, and the session identity for trusting servers. */
export function authHeaders(c: Connection): Record<string, string> {
  return {
    ...(c.apiKey && { Authorization: `Bearer ${c.apiKey}` }),
    ...(c.userId && { "X-User-ID": c.userId }),
  };
}

export function unreachable(c: Connection, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? messageOf(error);
  return new CliError(
    EXIT.unreachable,
    `Cannot reach the Parley server at ${c.server} (${why}). Start it with \`npm start\`, or point --server / PARLEY_URL at it.`,
    { retryable: true },
  );
}

/** Parley's error shape in a refusal's body, its strings made printable; null when the body is something else. */
function errorBody(text: string): ErrorBody | null {
  try {
    return errorBodySchema.safeParse(JSON.parse(text, printableStrings)).data ?? null;
  } catch {
    return null; // not JSON: probably not a Parley server
  }
}

/**
 * The CliError for a refused response; `what` names the thing asked for ("run run_…"). It is retryable
 * when the answer means "not now" (RETRYABLE_STATUSES), whoever gave it.
 */
export async function refusal(c: Connection, response: Response, what: string): Promise<CliError> {
  const retryable = RETRYABLE_STATUSES.has(response.status);
  const body = errorBody(await response.text().catch(() => ""));
  if (!body) {
    return new CliError(
      EXIT.unreachable,
      `${c.server} answered ${response.status} and does not look like a Parley server: check --server / PARLEY_URL.`,
      { retryable },
    );
  }
  const { message } = body.error;
  switch (response.status) {
    case 401:
      return new CliError(
        EXIT.unreachable,
        `Unauthorised: ${message}. Create a key on ${c.server}/keys (or with \`npm run apikey -- --name me\` on the server) and pass --api-key or set PARLEY_API_KEY — or sign in with \`parley login\`.`,
      );
    case 403:
      return new CliError(EXIT.unreachable, `Forbidden: ${message}.`);
    case 404:
      return new CliError(EXIT.usage, `Not found: ${what} does not exist on ${c.server} (or you may not see it). Check the id.`);
    case 400:
    case 409:
    case 413:
    case 422: {
      const issues = (body.error.issues ?? []).map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`);
      return new CliError(EXIT.usage, `The server refused ${what}: ${[message, ...issues].join("; ")}`);
    }
    default:
      return new CliError(EXIT.unreachable, `The server failed on ${what} (${response.status}: ${message}). Try again shortly.`, {
        retryable,
      });
  }
}

export async function request<T>(
  c: Connection,
  method: "GET" | "POST",
  path: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    what: string;
    signal?: AbortSignal;
    /** Told the answer's headers (a fork's control token comes in one). */
    onHeaders?: (headers: Headers) => void;
  },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${c.server}${path}`, {
      method,
      headers: {
        Accept: "application/json",
        ...authHeaders(c),
        ...(options.body !== undefined && { "Content-Type": "application/json" }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw unreachable(c, error);
  }
  if (!response.ok) throw await refusal(c, response, options.what);
  options.onHeaders?.(response.headers);
  try {
    // Everything the server says may end up on the terminal: its strings are made printable once, here.
    return JSON.parse(await response.text(), printableStrings) as T;
  } catch {
    throw new CliError(EXIT.unreachable, `${c.server} did not answer JSON for ${options.what}: is it a Parley server?`);
  }
}
