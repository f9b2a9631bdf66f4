// GET /api/v1/collaborate/{id}/history — ?limit (≤ 100, default 50) &before=<message id>, newest page first

import { route } from "@/lib/http/handler";
import { identityOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { listHistory } from "@/lib/sessions/messages";
import { historyQuerySchema } from "@/lib/sessions/schemas";
import type { HistoryPage } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type GetHistoryResponse = HistoryPage;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/history">) => {
  const { id } = await ctx.params;
  const params = new URL(request.url).searchParams;
  const query = historyQuerySchema.parse({ limit: params.get("limit") ?? undefined, before: params.get("before") ?? undefined });
  return json((await listHistory(id, identityOf(request), query)) satisfies GetHistoryResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
