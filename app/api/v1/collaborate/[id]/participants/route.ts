// GET /api/v1/collaborate/{id}/participants — who is in the session, with an online flag

import { route } from "@/lib/http/handler";
import { identityOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { listParticipants } from "@/lib/sessions/membership";
import type { ParticipantView } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type GetParticipantsResponse = { participants: ParticipantView[] };

export const GET = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/participants">) => {
  const { id } = await ctx.params;
  return json({ participants: await listParticipants(id, identityOf(request)) } satisfies GetParticipantsResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
