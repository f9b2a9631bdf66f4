// GET /api/v1/me/sessions — the sessions I am in (owner, editor or viewer), most recently joined first

import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { identityOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { listMySessions, type MySession } from "@/lib/sessions/mine";

export const dynamic = "force-dynamic";
export type GetMySessionsResponse = { sessions: MySession[] };

export const GET = route(async (request) => {
  const userId = identityOf(request);
  if (!userId) throw new AppError("unauthorized", "No identity: enable cookies and reload the page");
  return json({ sessions: await listMySessions(userId) } satisfies GetMySessionsResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
