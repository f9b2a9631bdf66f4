// POST /api/v1/collaborate/{id}/messages — send a message (editor or owner)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { sendMessage } from "@/lib/sessions/messages";
import { messageSchema } from "@/lib/sessions/schemas";
import type { MessageView } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type SendMessageResponse = { message: MessageView };

export const POST = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/messages">) => {
  const { id } = await ctx.params;
  const userId = requireUser(request);
  const input = await parseBody(request, messageSchema, 64 * 1024);
  const message = await sendMessage({ ...input, sessionId: id, userId, address: clientAddress(request.headers) });
  return json({ message } satisfies SendMessageResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
