// Steering from the terminal: `parley say <run-id> "…"` sends a note to a live run's agents, and at a
// gate an editor answers a prompt — approve, redirect with a note, or reject.
import type { EventData } from "@/lib/events/schemas";
import type { NoteView } from "@/lib/runs/steering/views";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { askLine } from "../terminal";

export async function sayCommand(
  command: { runId: string; content: string; to: string | null },
  g: Globals,
  io: Io,
): Promise<ExitCode> {
  const note = await request<NoteView>(g.connection, "POST", `/api/v1/runs/${command.runId}/interjections`, {
    body: { content: command.content, ...(command.to && { to: command.to }) },
    what: `a note to run ${command.runId}`,
  });
  io.stderr.write(`Note sent to ${note.to ?? "every agent"}: each reads it in its next turn.\n`);
  if (g.json) io.stdout.write(`${JSON.stringify(note)}\n`);
  return EXIT.ok;
}

const CHOICES: Record<string, "approve" | "redirect" | "reject"> = { a: "approve", r: "redirect", x: "reject" };

/**
 * The gate prompt: asks on the terminal what to do with the proposal and sends the vote; returns what
 * came of it, or null when there is no terminal to ask on (or the question was skipped).
 */
export async function answerGate(
  c: Connection,
  runId: string,
  gate: EventData<"run.awaiting_approval">,
  out: NodeJS.WriteStream,
  headers: Record<string, string>,
): Promise<string | null> {
  const answer = await askLine(
    `Gate at step ${gate.step} (${gate.agent}): [a]pprove, [r]edirect with a note, re[x]ect, or Enter to leave it to others?`,
    out,
  );
  const decision = CHOICES[answer?.trim().toLowerCase()[0] ?? ""];
  if (!decision) return null;
  const note = decision === "redirect" ? await askLine("What should the agent do instead?", out) : null;
  if (decision === "redirect" && !note?.trim()) return "A redirect needs a note; nothing was sent.";
  try {
    const result = await request<{ decided: boolean }>(c, "POST", `/api/v1/runs/${runId}/gates/${gate.gate_id}`, {
      body: { decision, ...(note && { note }) },
      what: `your vote at gate ${gate.gate_id}`,
      headers,
    });
    return result.decided ? `You decided the gate: ${decision}.` : `Vote counted (${decision}); waiting for the quorum.`;
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
}
