// GET /api/v1/me — the caller's anonymous identity (created by proxy.ts on first visit)

import { ensureUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { identityOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export type GetMeResponse = { user_id: string; display_name: string | null };

export const GET = route(async (request) => {
  const userId = identityOf(request);
  if (!userId) throw new AppError("unauthorized", "No identity cookie: enable cookies and reload the page");
  const user = await ensureUser(userId);
  return json({ user_id: user.id, display_name: user.display_name } satisfies GetMeResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
