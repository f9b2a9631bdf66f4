// Any /api/… path no route serves: the one JSON error shape, whatever the method (never Next's HTML 404).
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const unknownPath = route(async (request) => {
  throw new AppError("not_found", `No such API endpoint: ${request.method} ${new URL(request.url).pathname}`);
});

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
