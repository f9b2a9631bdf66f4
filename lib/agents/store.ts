import "server-only";
// Saved agents, owned like API keys: a person lists, makes, changes and deletes their own; anyone lists
// the built-in roles. Someone else's agent is 404 (never reveal it exists); a built-in one is 409 to change.
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { ensureUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import type { Agent } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { sortableId } from "@/lib/ids";
import { assertModelAvailable, defaultModelId } from "@/lib/runs/models/providers";
import { builtinAgents, isBuiltinAgentId } from "./builtins";
import { AGENTS_PER_PERSON, type AgentView, type CreateAgentInput, type UpdateAgentInput } from "./schemas";

const view = (a: Agent): AgentView => ({
  id: a.id,
  name: a.name,
  model: a.model,
  instructions: a.instructions,
  tools: a.tools,
  built_in: false,
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});

/** The built-in roles, then the person's own agents (newest first); without an identity, the built-ins. */
export async function listAgents(userId: string | null): Promise<AgentView[]> {
  const builtins = builtinAgents(defaultModelId());
  if (!userId) return builtins;
  const db = await getDb();
  const rows = await db.agent.findMany({ where: { ownerId: userId }, orderBy: { createdAt: "desc" }, take: AGENTS_PER_PERSON });
  return [...builtins, ...rows.map(view)];
}

/** A built-in role, or one of the person's agents — else 404. */
export async function getAgent(userId: string | null, agentId: string): Promise<AgentView> {
  const builtin = builtinAgents(defaultModelId()).find((a) => a.id === agentId);
  if (builtin) return builtin;
  return view(await ownAgent(userId, agentId));
}

async function ownAgent(userId: string | null, agentId: string): Promise<Agent> {
  const db = await getDb();
  const row = userId ? await db.agent.findFirst({ where: { id: agentId, ownerId: userId } }) : null;
  if (!row) throw new AppError("not_found", "Agent not found");
  return row;
}

export async function createAgent(input: {
  userId: string;
  address: string | null;
  agent: CreateAgentInput;
}): Promise<AgentView> {
  const model = input.agent.model ?? defaultModelId();
  assertModelAvailable(model);
  await chargeQuota("createAgent", { person: input.userId, address: input.address }, { bytes: jsonBytes(input.agent) });
  await ensureUser(input.userId);
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    // Counted and written in one transaction, so two requests at once cannot both pass the cap.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${input.userId} FOR UPDATE`;
    if ((await tx.agent.count({ where: { ownerId: input.userId } })) >= AGENTS_PER_PERSON) {
      throw new AppError("conflict", `You have ${AGENTS_PER_PERSON} agents, the most one person may keep: delete one first`);
    }
    return tx.agent.create({
      data: {
        id: sortableId("agent"),
        ownerId: input.userId,
        name: input.agent.name,
        model,
        instructions: input.agent.instructions ?? "",
        tools: input.agent.tools ?? [],
      },
    });
  });
  return view(row);
}

export async function updateAgent(userId: string | null, agentId: string, changes: UpdateAgentInput): Promise<AgentView> {
  if (isBuiltinAgentId(agentId)) throw new AppError("conflict", "Built-in agents cannot be changed: make one of your own");
  const agent = await ownAgent(userId, agentId);
  if (changes.model) assertModelAvailable(changes.model);
  const db = await getDb();
  return view(await db.agent.update({ where: { id: agent.id }, data: changes }));
}

export async function deleteAgent(userId: string | null, agentId: string): Promise<AgentView> {
  if (isBuiltinAgentId(agentId)) throw new AppError("conflict", "Built-in agents cannot be deleted");
  const agent = await ownAgent(userId, agentId);
  const db = await getDb();
  await db.agent.delete({ where: { id: agent.id } });
  return view(agent);
}
