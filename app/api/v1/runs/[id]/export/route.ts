// GET /api/v1/runs/{id}/export?format=json|md — the whole run (`&share=` a share link's token)
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { runActor, shareTokenOf } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { getRunSnapshot } from "@/lib/runs/queries";
import { runMarkdown } from "@/lib/runs/run-markdown";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/export">) => {
  const { id } = await ctx.params;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "md") throw new AppError("bad_request", "format must be json or md");
  const snapshot = await getRunSnapshot(id, await runActor(request, { mutating: false }), shareTokenOf(request));
  const disposition = { "Content-Disposition": `attachment; filename="parley-run-${id}.${format}"` };
  if (format === "json") return json(snapshot, { headers: disposition });
  return new Response(runMarkdown(snapshot), { headers: { "Content-Type": "text/markdown; charset=utf-8", ...disposition } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
