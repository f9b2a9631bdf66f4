// GET /api/v1/agents/{agent_id} — one agent · PATCH — change my agent · DELETE — delete my agent
import { type AgentView, updateAgentSchema } from "@/lib/agents/schemas";
import { deleteAgent, getAgent, updateAgent } from "@/lib/agents/store";

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { identityOf, requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]">) => {
  const { agent_id } = await ctx.params;
  return json((await getAgent(identityOf(request), agent_id)) satisfies AgentView);
});

export const PATCH = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]">) => {
  const { agent_id } = await ctx.params;
  const userId = requireUser(request);
  const changes = await parseBody(request, updateAgentSchema, 16 * 1024);
  return json((await updateAgent(userId, agent_id, changes)) satisfies AgentView);
});

export const DELETE = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]">) => {
  const { agent_id } = await ctx.params;
  return json({ agent: await deleteAgent(requireUser(request), agent_id) });
});

export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
