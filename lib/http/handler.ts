// The one wrapper every route handler goes through: handlers throw, this answers.
import { errorResponse } from "./respond";

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
