"use client";
// JSON over fetch with Parley's one error shape, for SWR, for actions and for the pages' own requests:
// a refusal becomes an ApiError with the server's code and message; an answer that is not what was asked
// for (not JSON, or not matching the response's schema) is an error too, never a value.
import type { z } from "zod";
import { errorBodySchema } from "@/lib/error-body";
import type { ValidationIssue } from "@/lib/errors";

/** The code of an ApiError for a 2xx answer that is not JSON, or does not match the response's schema. */
export const INVALID_RESPONSE = "invalid_response";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiInit<T> extends RequestInit {
  /** Sent as the JSON body, with its Content-Type. */
  json?: unknown;
  /** The response's schema, where lib/ has one: the answer is checked against it. */
  schema?: z.ZodType<T>;
}

/**
 * The answer of `url`, typed by `schema` when given, else by the route's exported response type (`api<T>`),
 * trusted as the server's own. A 204 answers undefined.
 */
export async function api<T>(url: string, init: ApiInit<T> = {}): Promise<T> {
  const { json, schema, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined && { "Content-Type": "application/json" }), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const body = await readBody(response);
  if (!response.ok) throw refusal(response.status, body);
  if (body.kind === "text") {
    throw new ApiError(response.status, INVALID_RESPONSE, `${url} answered ${response.status} with something other than JSON`);
  }
  if (!schema) return body.value as T;
  const parsed = schema.safeParse(body.value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new ApiError(
    response.status,
    INVALID_RESPONSE,
    `${url} answered something this page does not understand (${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}); reload the page`,
    issues,
  );
}

export const fetcher = <T>(url: string) => api<T>(url);

type Body = { kind: "json"; value: unknown } | { kind: "text"; value: string };

async function readBody(response: Response): Promise<Body> {
  if (response.status === 204) return { kind: "json", value: undefined };
  const text = await response.text();
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch {
    return { kind: "text", value: text };
  }
}

function refusal(status: number, body: Body): ApiError {
  const parsed = errorBodySchema.safeParse(body.value);
  if (!parsed.success) return new ApiError(status, "internal", `The server answered ${status}`);
  const { code, message, issues } = parsed.data.error;
  return new ApiError(status, code, message, issues);
}
