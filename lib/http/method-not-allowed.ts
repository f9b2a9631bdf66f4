// A method a route does not serve: 405 in the one JSON error shape, with `Allow` (Next's own answer is
// an empty body). A route spreads the handlers for the methods it lacks:
//   export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
import { AppError } from "@/lib/errors";
import { route } from "./handler";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request, context: unknown) => Promise<Response>;

export function otherMethods(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed].sort().join(", ");
  const refuse = route(async (request: Request) => {
    throw new AppError("method_not_allowed", `${request.method} is not allowed here; use ${allow}`, {
      headers: { Allow: allow },
    });
  });
  return Object.fromEntries(METHODS.map((m) => [m, refuse])) as Record<Method, Handler>;
}
