// POST /api/v1/runs/{id}/share-links — a read-only link to the run {expires_in_s?} · GET — its links (creator, editors)

import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { publicOrigin } from "@/lib/http/identity/origin";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { type CreatedShareLink, createShareLink, listShareLinks, type ShareLinkView } from "@/lib/runs/share/links";
import { createShareLinkSchema } from "@/lib/runs/share/schemas";

export const dynamic = "force-dynamic";
type Ctx = RouteContext<"/api/v1/runs/[id]/share-links">;

export type CreateShareLinkResponse = CreatedShareLink;
export type ListShareLinksResponse = { links: ShareLinkView[] };

export const POST = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = createShareLinkSchema.parse((await readJson(request, 1024, { optional: true })) ?? {});
  const created = await createShareLink({
    runId: id,
    actor,
    controlToken: controlTokenOf(request),
    body,
    baseUrl: publicOrigin(request),
  });
  return json(created satisfies CreateShareLinkResponse, { status: 201 });
});

export const GET = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  const links = await listShareLinks({ runId: id, actor, controlToken: controlTokenOf(request) });
  return json({ links } satisfies ListShareLinksResponse);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
