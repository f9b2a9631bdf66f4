// The three ways agents work together. Each emits the built-in events in order through RunContext.

import type { AgentSpec } from "../schemas";
import { debateSides, roleKind } from "../steps";
import { shorten } from "../text";
import type { RunContext } from "./engine";
import { RunStop } from "./run-stop";
import type { TurnRecord, TurnSpec } from "./turn-record";
import { parseDebateVerdict, parseVerdict } from "./verdict";

export interface StrategyResult {
  summary: string;
}

const SYSTEM: Record<string, string> = {
  architect:
    "You are the Architect in a team of AI agents. Design a solution for the task: components, data flow and the main risk. Be concrete; under 250 words.",
  coder:
    "You are the Coder in a team of AI agents. Implement the Architect's design; put the essential code in fenced blocks. Be brief.",
  reviewer:
    "You are the Reviewer in a team of AI agents. Review the implementation: list concrete problems and fixes. End with one line: VERDICT: PASS or FAIL — SCORE: n/10.",
  refiner: "You are the Refiner in a team of AI agents. Apply the review to the implementation and say what changed. Be brief.",
  documenter:
    "You are the Documenter in a team of AI agents. Write the README section a user needs: usage and development. Be brief.",
};

function systemFor(agent: AgentSpec): string {
  return (
    agent.instructions ??
    SYSTEM[roleKind(agent.role)] ??
    `You are ${agent.name} in a team of AI agents; your job: ${agent.role}. Be concrete and brief.`
  );
}

const firstParagraph = (text: string) => shorten(text.trim().split(/\n\s*\n/)[0] ?? "", 300);

/** Counts the code in the Coder's fenced blocks and checks that brackets balance: a real, cheap check. */
export function checkCode(text: string): { success: boolean; output: string } {
  const blocks = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  if (blocks.length === 0) return { success: false, output: "No code block found" };
  const lines = blocks.reduce((n, b) => n + b.split("\n").filter((l) => l.trim()).length, 0);
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  const stack: string[] = [];
  let balanced = true;
  for (const ch of blocks.join("\n")) {
    if ("([{".includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) balanced = false;
  }
  balanced &&= stack.length === 0;
  return {
    success: balanced,
    output: `${blocks.length} code block${blocks.length === 1 ? "" : "s"}, ${lines} lines, brackets ${balanced ? "balanced" : "unbalanced"}`,
  };
}

/** Architect → Coder → Reviewer → Refiner → Documenter, each seeing the earlier agents' work. */
export async function pipeline(ctx: RunContext): Promise<StrategyResult> {
  const outputs: { agent: string; text: string }[] = [];
  for (const agent of ctx.run.config.agents) {
    const earlier = outputs.map((o) => `## ${o.agent}\n${o.text}`).join("\n\n");
    const spec: TurnSpec = {
      agent: agent.name,
      role: agent.role,
      model: agent.model,
      round: 1,
      system: systemFor(agent),
      prompt: `Task: ${ctx.run.task}${earlier ? `\n\nWork so far:\n\n${earlier}` : ""}`,
      brief: { respondsTo: outputs.map((o) => o.agent) },
    };
    await ctx.runStep(`${agent.name}: ${agent.role}`, [
      {
        spec,
        after: async (turn) => {
          outputs.push({ agent: agent.name, text: turn.text });
          const kind = roleKind(agent.role);
          if (kind === "coder") await ctx.tool(turn, "code_check", { agent: agent.name }, () => checkCode(turn.text));
          if (kind === "reviewer") await ctx.verification(parseVerdict(turn.text));
        },
      },
    ]);
  }
  return { summary: firstParagraph(outputs.at(-1)?.text ?? "") };
}

/** Debaters argue for N rounds, each reading the others' latest turns; then a judge decides. */
export async function debate(ctx: RunContext): Promise<StrategyResult> {
  const { agents, rounds } = ctx.run.config;
  const { debaters, judge } = debateSides(agents);
  const latest = new Map<string, string>();
  for (let round = 1; round <= rounds; round++) {
    for (const agent of debaters) {
      const others = [...latest].filter(([name]) => name !== agent.name);
      const spec: TurnSpec = {
        agent: agent.name,
        role: agent.role,
        model: agent.model,
        round,
        system: `${agent.instructions ? `${agent.instructions}\n\n` : ""}You are ${agent.name} in a debate about the task. Your stance: ${agent.stance ?? "argue your view"}. This is round ${round} of ${rounds}. Answer the other side's latest points directly; under 150 words.`,
        prompt: `Task: ${ctx.run.task}${others.length ? `\n\nLatest arguments:\n\n${others.map(([n, t]) => `## ${n}\n${t}`).join("\n\n")}` : ""}`,
        brief: { stance: agent.stance, respondsTo: others.map(([n]) => n) },
      };
      await ctx.runStep(`Round ${round}: ${agent.name} (${agent.stance ?? "debater"})`, [
        { spec, after: (turn) => void latest.set(agent.name, turn.text) },
      ]);
    }
  }
  if (!judge) return { summary: firstParagraph([...latest.values()].at(-1) ?? "") };
  const spec: TurnSpec = {
    agent: judge.name,
    role: judge.role,
    model: judge.model,
    round: rounds,
    system:
      "You are the judge of a debate between AI agents. Weigh the arguments, state the consensus answer, and end with two lines: DECISION: <the option you choose, in a few words>, then VERDICT: PASS (a sound consensus exists) or FAIL — SCORE: n/10 (your confidence).",
    prompt: `Task: ${ctx.run.task}\n\nFinal arguments:\n\n${[...latest].map(([n, t]) => `## ${n}\n${t}`).join("\n\n")}`,
    brief: { respondsTo: [...latest.keys()] },
  };
  let ruling = "";
  await ctx.runStep(`${judge.name} weighs the arguments`, [
    {
      spec,
      after: async (turn) => {
        ruling = turn.text;
        await ctx.verification(parseDebateVerdict(turn.text));
      },
    },
  ]);
  const consensus = /\*\*Consensus\.?\*\*\s*([^\n]+)/i.exec(ruling)?.[1];
  return { summary: consensus ?? firstParagraph(ruling) };
}

/** A real answer, not an apology or an empty reply. */
export function acceptable(text: string): boolean {
  return text.trim().length >= 20 && !/^(i('| a)m sorry|i can(no|')t|as an ai)/i.test(text.trim());
}

/** Models answer in parallel; the first acceptable answer wins and the others are cancelled. */
export async function race(ctx: RunContext): Promise<StrategyResult> {
  const { agents } = ctx.run.config;
  const controllers = agents.map(() => new AbortController());
  const result: { winner: { agent: string; turn: TurnRecord } | null } = { winner: null };
  await ctx.runStep(
    `${agents.length} models race to answer`,
    agents.map((agent, i) => ({
      spec: {
        agent: agent.name,
        role: agent.role,
        model: agent.model,
        round: 1,
        system: "Answer the task directly and concisely.",
        prompt: ctx.run.task,
        brief: {},
        signal: controllers[i]?.signal,
      },
      after: (turn) => {
        if (result.winner || !acceptable(turn.text)) return;
        result.winner = { agent: agent.name, turn };
        for (const [j, c] of controllers.entries()) {
          if (j !== i) c.abort(new RunStop("cancelled", "cancelled", `${agent.name} answered first`));
        }
      },
      // A loser cancelled, or one contestant failing, does not end the race.
      rescue: (error) => {
        if (!(error instanceof RunStop) || error.kind === "budget" || ctx.cancelled) throw error;
      },
    })),
  );
  const won = result.winner;
  if (!won) throw new RunStop("failed", "no_acceptable_answer", "No model gave an acceptable answer");
  await ctx.verification({ passed: true, verdict: `${won.agent} answered first with an acceptable answer` });
  return { summary: firstParagraph(won.turn.text) };
}

export const strategies = { pipeline, debate, race } as const;
