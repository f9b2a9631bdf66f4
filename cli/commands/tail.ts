// `parley tail <channel>`: follow a hub channel from now (or after --since) until Ctrl-C.
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { follow } from "../sse";
import { type Paint, painter, truncate } from "../ui/text";

/** Any event as a line: local time, type, its data as compact JSON (cut to the width on a terminal). */
export function tailLine(e: Envelope, paint: Paint, width: number | null): string {
  const time = new Date(e.ts).toTimeString().slice(0, 8);
  const reset = e.type === "stream.reset" ? asBuiltinEvent(e) : null;
  if (reset?.type === "stream.reset") {
    return paint("yellow", `${time}  the stream was reset (${reset.data.reason}): events before ${e.id} may have been missed`);
  }
  const head = `${paint("gray", time)}  ${paint("cyan", e.type)}  `;
  const data = JSON.stringify(e.data);
  return width === null ? `${head}${data}` : `${head}${truncate(data, Math.max(10, width - time.length - e.type.length - 4))}`;
}

export async function tailCommand(
  cmd: { channel: string; types: string | null; since: string | null },
  g: Globals,
  io: Io,
): Promise<ExitCode> {
  if (!g.connection.apiKey) {
    throw new CliError(
      EXIT.unreachable,
      `tail needs an API key with subscribe scope: pass --api-key or set PARLEY_API_KEY (create one on ${g.connection.server}/keys, or with \`npm run apikey -- --name me\` on the server).`,
    );
  }
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.on("SIGINT", onSigint);
  const paint = painter(g.color);
  const query = cmd.types ? `?types=${encodeURIComponent(cmd.types)}` : "";
  let last: string | null = null;
  let announced = false;
  try {
    await follow({
      connection: g.connection,
      path: `/api/v1/channels/${cmd.channel}/stream${query}`,
      what: `channel ${cmd.channel}`,
      cursor: cmd.since,
      signal: stop.signal,
      failFast: true,
      // Status goes to stderr, even with --json: a script may wait for "Following" before publishing.
      onStatus: (status) => {
        if (status === "live" && !announced) {
          announced = true;
          io.stderr.write(paint("gray", `Following ${cmd.channel}${cmd.types ? ` (${cmd.types})` : ""} — Ctrl-C to stop\n`));
        } else if (status === "reconnecting") io.stderr.write(paint("yellow", "… reconnecting\n"));
      },
      onEvent: (event) => {
        // Replays after a reconnect are dropped by cursor; a reset moves the cursor wherever it says.
        if (event.type !== "stream.reset" && last && compareCursors(event.id, last) <= 0) return;
        last = event.id;
        io.stdout.write(
          g.json ? `${JSON.stringify(event)}\n` : `${tailLine(event, paint, io.stdout.isTTY ? io.stdout.columns : null)}\n`,
        );
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  return EXIT.ok;
}
