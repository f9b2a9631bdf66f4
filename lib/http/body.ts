// Request bodies: size-limited, JSON-parsed, schema-checked — or the documented error.
import type { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readCapped } from "@/lib/read-capped";
import { jsonProblem } from "@/lib/text-safety";

/** The JSON body, at most `maxBytes`; `optional` lets an empty body through as undefined. */
export async function readJson(request: Request, maxBytes: number, options: { optional?: boolean } = {}): Promise<unknown> {
  // A form or text/plain body is what a cross-site page can send without a preflight, and the browser
  // adds its cookies: a body that comes with cookies must say it is JSON. Scripts and API keys (no
  // cookie) keep sending JSON however they label it (curl -d).
  const type = request.headers.get("content-type");
  const mustBeJson = request.headers.has("cookie");
  if (mustBeJson && type !== null && !isJsonType(type)) throw unsupported();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) {
    if (options.optional) return undefined;
    throw new AppError("invalid_json", "The request body must be JSON");
  }

  const { text, cut } = await readCapped(request.body, maxBytes);
  if (cut) throw tooLarge(maxBytes);
  if (!text.trim()) {
    if (options.optional) return undefined;
    throw new AppError("invalid_json", "The request body must be JSON");
  }
  if (mustBeJson && type === null) throw unsupported();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  // Checked once here for every JSON endpoint: nothing deeper than the limit or unstorable is ever
  // stored, published or serialised later.
  const problem = jsonProblem(value, env.PARLEY_JSON_MAX_DEPTH);
  if (problem) throw new AppError("validation_failed", "The request is not valid", { issues: [problem] });
  return value;
}

export async function parseBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = 64 * 1024): Promise<z.infer<S>> {
  return schema.parse(await readJson(request, maxBytes));
}

/** application/json, or a +json type (application/merge-patch+json), with any parameters. */
function isJsonType(contentType: string): boolean {
  const essence = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return essence === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

function unsupported(): AppError {
  return new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);
}
