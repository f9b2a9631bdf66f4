// GET /api/v1/agents — the built-in roles and my saved agents · POST — save one {name, model?, instructions?, tools?}
import { type AgentView, createAgentSchema } from "@/lib/agents/schemas";
import { createAgent, listAgents } from "@/lib/agents/store";

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { identityOf, requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type ListAgentsResponse = { agents: AgentView[] };

export const GET = route(async (request) => {
  return json({ agents: await listAgents(identityOf(request)) } satisfies ListAgentsResponse);
});

export const POST = route(async (request) => {
  const userId = requireUser(request);
  const agent = await parseBody(request, createAgentSchema, 16 * 1024);
  const created = await createAgent({ userId, address: clientAddress(request.headers), agent });
  return json(created satisfies AgentView, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
