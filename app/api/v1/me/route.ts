// GET /api/v1/me — who the caller is: a guest (anonymous cookie, created by proxy.ts on first visit) or a
// signed-in account, with its profile. PATCH /api/v1/me {display_name} — rename yourself everywhere.

import { z } from "zod";
import { renameUser, whoIs } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { identityOf, requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export type GetMeResponse = Awaited<ReturnType<typeof whoIs>>;

export const GET = route(async (request) => {
  const userId = identityOf(request);
  if (!userId) throw new AppError("unauthorized", "No identity cookie: enable cookies and reload the page");
  return json((await whoIs(userId)) satisfies GetMeResponse);
});

const renameSchema = z.strictObject({ display_name: z.string().trim().min(1).max(80) });

export const PATCH = route(async (request) => {
  const userId = requireUser(request);
  const body = await parseBody(request, renameSchema, 4096);
  return json(await renameUser(userId, body.display_name));
});

export const { POST, PUT, DELETE, OPTIONS } = otherMethods("GET", "PATCH");
