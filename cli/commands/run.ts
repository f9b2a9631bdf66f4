// `parley run` and `parley watch`: start or find a run, then show it — a live dashboard on a terminal,
// plain lines in a pipe, envelopes with --json — until it ends or the user detaches with Ctrl-C.
import type { CreateRunResponse } from "@/app/api/v1/runs/route";
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import type { CreateRunInput } from "@/lib/runs/schemas";
import type { RunSnapshot } from "@/lib/runs/views";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import { followRun, getRun } from "../run/follow";
import { type Dashboard, hasEnded, initialDashboard } from "../run/model";
import { plainEventLines, plainHeader } from "../run/plain";
import { renderDashboard, renderSummary } from "../run/render";
import { follow } from "../sse";
import { askYesNo, LiveRegion } from "../terminal";
import { painter } from "../ui/text";

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runCommand(input: CreateRunInput, g: Globals, io: Io): Promise<ExitCode> {
  const created = await request<CreateRunResponse>(g.connection, "POST", "/api/v1/runs", { body: input, what: "the run" });
  const snapshot = await getRun(g.connection, created.run_id);
  return present(snapshot, created.control_token, g, io);
}

export async function watchCommand(runId: string, g: Globals, io: Io): Promise<ExitCode> {
  const snapshot = await getRun(g.connection, runId);
  if (g.json && hasEnded(initialDashboard(snapshot))) return replayFinished(snapshot, g, io);
  return present(snapshot, null, g, io);
}

const isTerminalEvent = (type: string) => type === "run.completed" || type === "run.failed" || type === "run.cancelled";

function exitCodeOf(d: Dashboard): ExitCode {
  return d.stream.data.run.status === "completed" ? EXIT.ok : EXIT.runFailed;
}

function endLine(d: Dashboard): string {
  const { run } = d.stream.data;
  if (run.status === "completed") return `✓ Run ${run.run_id} completed.`;
  if (run.status === "cancelled") return `■ Run ${run.run_id} was cancelled.`;
  const why = run.error ? `${run.error.error_type}: ${run.error.message}` : "no reason given";
  return `✗ Run ${run.run_id} failed (${why}). Its record: parley watch ${run.run_id}`;
}

async function cancel(c: Connection, runId: string, controlToken: string | null): Promise<string> {
  try {
    await request(c, "POST", `/api/v1/runs/${runId}/cancel`, {
      what: `cancelling run ${runId}`,
      headers: controlToken ? { "X-Parley-Control-Token": controlToken } : {},
    });
    return "Cancelling the run…";
  } catch (error) {
    return error instanceof CliError ? error.message : String(error);
  }
}

async function present(snapshot: RunSnapshot, controlToken: string | null, g: Globals, io: Io): Promise<ExitCode> {
  const runId = snapshot.run.run_id;
  const mode = g.json ? "json" : io.stdout.isTTY ? "dashboard" : "plain";
  const paint = painter(g.color);
  const detach = new AbortController();
  const region = mode === "dashboard" ? new LiveRegion(io.stdout) : null;
  let latest = initialDashboard(snapshot);
  let asking = false;
  let notice: string | null = null;

  const draw = () => {
    if (!region || asking) return;
    const frame = renderDashboard(notice ? { ...latest, notice } : latest, {
      width: region.width,
      height: region.height,
      now: Date.now(),
      paint,
    });
    region.draw(frame);
  };
  // Tokens arrive every few tens of milliseconds; the screen is redrawn at most ~12 times a second.
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const scheduleDraw = () => {
    scheduled ??= setTimeout(() => {
      scheduled = null;
      draw();
    }, 80);
  };
  const clock = region ? setInterval(draw, 1000) : null;
  const onResize = () => draw();

  // The question may still be open when the run ends (a cancel lands fast): the end waits for it.
  let prompting: Promise<void> = Promise.resolve();
  const onSigint = () => {
    if (!asking) prompting = ask();
  };
  const ask = async () => {
    asking = true;
    const out = mode === "dashboard" ? io.stdout : io.stderr;
    region?.pause();
    const yes = await askYesNo(`Cancel run ${runId}? [y/N]`, out);
    if (yes) {
      notice = await cancel(g.connection, runId, controlToken);
      if (mode !== "dashboard") io.stderr.write(`${notice}\n`);
      // The question took one line under the frame: the next frame covers it.
      region?.resume(1);
      asking = false;
      draw();
    } else {
      asking = false;
      detach.abort();
    }
  };

  if (mode === "plain") io.stdout.write(`${plainHeader(snapshot).join("\n")}\n`);
  region?.start();
  draw();
  process.on("SIGINT", onSigint);
  io.stdout.on("resize", onResize);
  let lastStatus = latest.stream.status;
  try {
    latest = await followRun({
      connection: g.connection,
      snapshot,
      signal: detach.signal,
      onChange: (d) => {
        latest = d;
        if (mode === "dashboard") scheduleDraw();
        else if (d.stream.status !== lastStatus && d.stream.status === "reconnecting") {
          io.stderr.write("… the connection dropped: reconnecting\n");
        }
        lastStatus = d.stream.status;
      },
      onEvent: (event: Envelope, d) => {
        if (mode === "json") io.stdout.write(`${JSON.stringify(event)}\n`);
        else if (mode === "plain") for (const line of plainEventLines(event, d.stream.data)) io.stdout.write(`${line}\n`);
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
    io.stdout.off("resize", onResize);
    if (clock) clearInterval(clock);
    if (scheduled) clearTimeout(scheduled);
  }

  await prompting;
  if (!hasEnded(latest)) {
    region?.stop();
    io.stderr.write(`Detached from run ${runId}; it goes on. Attach again: parley watch ${runId}\n`);
    return EXIT.detached;
  }
  const summaryOptions = { width: region?.width ?? 100, now: Date.now(), paint, server: g.connection.server };
  if (region) {
    draw();
    region.stop();
    io.stdout.write(`${renderSummary(latest, summaryOptions).join("\n")}\n`);
  } else if (mode === "plain") {
    io.stdout.write(`${renderSummary(latest, summaryOptions).join("\n")}\n`);
  } else {
    io.stderr.write(`${endLine(latest)}\n`);
  }
  return exitCodeOf(latest);
}

/** `watch --json` of a finished run: its events while the server still holds them, then its outcome. */
async function replayFinished(snapshot: RunSnapshot, g: Globals, io: Io): Promise<ExitCode> {
  const runId = snapshot.run.run_id;
  const head = snapshot.last_event_id;
  const d = initialDashboard(snapshot);
  if (head) {
    const done = new AbortController();
    await follow({
      connection: g.connection,
      path: `/api/v1/runs/${runId}/events`,
      what: `run ${runId}`,
      cursor: null,
      signal: done.signal,
      onStatus: () => {},
      onEvent: (event) => {
        // History was trimmed, or is from another epoch: what is left would be a partial record.
        if (event.type === "stream.reset") return done.abort();
        io.stdout.write(`${JSON.stringify(event)}\n`);
        if (compareCursors(event.id, head) >= 0 || isTerminalEvent(event.type)) done.abort();
      },
      failFast: true,
    });
  } else {
    io.stderr.write(`The server no longer holds run ${runId}'s events; its record: GET /api/v1/runs/${runId}/export\n`);
  }
  io.stderr.write(`${endLine(d)}\n`);
  return exitCodeOf(d);
}
