// JSON responses and the one error shape: {"error": {"code", "message", "issues"?}}.
import { ZodError } from "zod";
import type { ErrorBody } from "@/lib/error-body";
import { AppError, type ValidationIssue } from "@/lib/errors";

export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

export function zodIssues(error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** "The request is not valid: task — a task is required" — the first problem, said in the message people read. */
export function validationMessage(issues: ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return "The request is not valid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `The request is not valid: ${first.path ? `${first.path} — ` : ""}${first.message}${more}`;
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const issues = zodIssues(error);
    error = new AppError("validation_failed", validationMessage(issues), { issues });
  }
  if (error instanceof AppError) {
    const body = {
      error: { code: error.code, message: error.message, ...(error.issues && { issues: error.issues }) },
    } satisfies ErrorBody;
    return json(body, { status: error.status, headers: error.headers });
  }
  // Unknown failures are logged with detail and answered without any.
  console.error("unhandled error in route handler", error);
  return json({ error: { code: "internal", message: "Something went wrong on our side" } } satisfies ErrorBody, { status: 500 });
}
