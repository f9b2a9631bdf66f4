// POST /api/v1/collaborate — create a session (the creator becomes its owner)

import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { publicOrigin } from "@/lib/http/identity/origin";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { createSessionSchema } from "@/lib/sessions/schemas";
import { createSession } from "@/lib/sessions/sessions";
import type { CreatedSession } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type CreateSessionResponse = CreatedSession;

export const POST = route(async (request) => {
  const userId = requireUser(request);
  const input = await parseBody(request, createSessionSchema, 16 * 1024);
  await chargeQuota("createSession", { person: userId, address: clientAddress(request.headers) }, { bytes: jsonBytes(input) });
  const created = await createSession({ ...input, ownerId: userId, baseUrl: publicOrigin(request) });
  return json(created satisfies CreateSessionResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
