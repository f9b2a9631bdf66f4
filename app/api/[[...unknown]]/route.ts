// /api and any /api/… path no route serves: the one JSON error shape, whatever the method (never Next's HTML 404).
// HEAD comes from GET; OPTIONS is answered too (Next's own would be a 204 listing these very handlers).
import { unknownApiPath } from "@/lib/http/unknown-path";

export const dynamic = "force-dynamic";

export const GET = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
export const OPTIONS = unknownApiPath;
