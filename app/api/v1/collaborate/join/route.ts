// POST /api/v1/collaborate/join — join a session with an invite token

import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { joinSession } from "@/lib/sessions/membership";
import { joinSchema } from "@/lib/sessions/schemas";
import type { JoinResult } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type JoinResponse = JoinResult;

export const POST = route(async (request) => {
  const userId = requireUser(request);
  const input = await parseBody(request, joinSchema, 4096);
  await chargeQuota("join", { person: userId, address: clientAddress(request.headers) }, { bytes: jsonBytes(input) });
  return json((await joinSession({ ...input, userId })) satisfies JoinResponse);
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
