// The one wrapper every route handler goes through: handlers throw, this answers. It also refuses an
// address that keeps looking up things that do not exist (lib/http/miss-limit.ts).
import { AppError } from "@/lib/errors";
import { clientAddress } from "./identity/client-address";
import { assertNotGuessing, recordMiss } from "./miss-limit";
import { errorResponse } from "./respond";

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const address = clientAddress(request.headers);
    try {
      assertNotGuessing(address);
      return await handler(request, context);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") recordMiss(address);
      return errorResponse(error);
    }
  };
}
