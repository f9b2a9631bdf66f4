// A stored run (its snapshot) as the AG-UI encoder's starting point, for a client that resumes after the
// run's events have left the hub.
import type { RunSnapshot } from "@/lib/runs/views";
import type { AgUiEncoder, RestoredRun, RunEnd } from "./outbound";

export function restoreFromSnapshot(encoder: AgUiEncoder, snapshot: RunSnapshot): void {
  encoder.restore(restoredRun(snapshot));
}

export function restoredRun(snapshot: RunSnapshot): RestoredRun {
  const turns = snapshot.turns
    .filter((t) => t.status !== "superseded")
    .map((t) => ({
      id: t.turn_id,
      agent: t.agent,
      text: t.text,
      running: t.status === "running",
      tools: t.tools.map((tool) => ({
        id: tool.call_id,
        name: tool.tool,
        args: JSON.stringify(tool.input ?? {}),
        result: tool.output_preview === "running…" ? null : tool.output_preview || (tool.success ? "ok" : "failed"),
      })),
    }));
  return { turns, state: snapshot.state, end: runEnd(snapshot) };
}

function runEnd({ run, usage }: RunSnapshot): RunEnd | null {
  switch (run.status) {
    case "completed":
      return { status: "completed", result: { success: run.verdict?.passed ?? true, summary: run.summary ?? "", usage } };
    case "cancelled":
      return { status: "cancelled" };
    case "failed":
      return { status: "failed", error_type: run.error?.error_type ?? "failed", message: run.error?.message ?? "The run failed" };
    default:
      return null;
  }
}
