// A method a route does not serve: 405 in the one JSON error shape, with `Allow` (Next's own answer is an
// empty body), and OPTIONS answering 204 with the same `Allow` (Next's own would list the refusing
// handlers too). A route spreads the handlers for every method it lacks, HEAD included when it has no GET:
//   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
// tests/integration/api-methods.test.ts sends every method to every route file, so one cannot forget.
import { AppError } from "@/lib/errors";
import { route } from "./handler";

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];
type Handler = (request: Request, context: unknown) => Promise<Response>;
export type OtherMethods = Record<ApiMethod | "HEAD" | "OPTIONS", Handler>;

/** The `Allow` header of a resource serving `allowed`: HEAD comes with GET, OPTIONS always (RFC 9110 §10.2.1). */
export function allowHeader(allowed: readonly ApiMethod[]): string {
  const all = new Set<string>([...allowed, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return [...all].sort().join(", ");
}

/** "GET or POST": what a person reads in the message. */
function spoken(allowed: readonly ApiMethod[]): string {
  const sorted = [...allowed].sort();
  return sorted.length > 1 ? `${sorted.slice(0, -1).join(", ")} or ${sorted.at(-1)}` : (sorted[0] ?? "nothing");
}

/** Handlers for the methods a route does not serve (each answers `refuse`), and OPTIONS answering 204 with `Allow`. */
export function refusingHandlers(allowed: readonly ApiMethod[], refuse: Handler) {
  const allow = allowHeader(allowed);
  const handler: Handler = refuse;
  const options: Handler = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  return {
    ...(Object.fromEntries([...API_METHODS, "HEAD"].map((m) => [m, handler])) as Record<ApiMethod | "HEAD", Handler>),
    OPTIONS: options,
  };
}

export function otherMethods(...allowed: ApiMethod[]): OtherMethods {
  const allow = allowHeader(allowed);
  const refuse = route(async (request: Request) => {
    throw new AppError("method_not_allowed", `${request.method} is not allowed here; use ${spoken(allowed)}`, {
      headers: { Allow: allow },
    });
  });
  return refusingHandlers(allowed, refuse);
}
