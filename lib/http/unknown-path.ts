// Any /api/… path no route serves, whatever the method: the one JSON error shape (never Next's HTML 404
// or its empty 405).
import { AppError } from "@/lib/errors";
import { route } from "./handler";

export const unknownApiPath = route(async (request: Request) => {
  throw new AppError("not_found", `No such API endpoint: ${request.method} ${new URL(request.url).pathname}`);
});
