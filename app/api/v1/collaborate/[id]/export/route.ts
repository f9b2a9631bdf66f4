// GET /api/v1/collaborate/{id}/export?format=json|md — the whole session

import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { identityOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { exportMarkdown, exportSession } from "@/lib/sessions/sessions";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/export">) => {
  const { id } = await ctx.params;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "md") throw new AppError("bad_request", "format must be json or md");
  const data = await exportSession(id, identityOf(request));
  const filename = `parley-session-${id}.${format}`;
  const disposition = { "Content-Disposition": `attachment; filename="${filename}"` };
  if (format === "json") return json(data, { headers: disposition });
  return new Response(exportMarkdown(data), { headers: { "Content-Type": "text/markdown; charset=utf-8", ...disposition } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
