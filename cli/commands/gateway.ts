// `parley gateway`: every model call through the gateway, live — a dashboard on a terminal (calls
// streaming now with their text, recent calls, the hour's totals), a line per call in a pipe, the
// gateway's events with --json — from the snapshot on, until Ctrl-C.
import { compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { GATEWAY_CHANNEL } from "@/lib/gateway/events";
import { gatewaySnapshotSchema } from "@/lib/gateway/views";
import { applyGatewayEvent, type GatewayWatch, watchFromSnapshot } from "@/lib/gateway/watch-state";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import { plainGatewayLine, renderGatewayDashboard } from "../gateway/render";
import type { Io } from "../io";
import { type ConnectionStatus, follow } from "../sse";
import { LiveRegion } from "../terminal";
import { painter } from "../ui/text";

type Mode = "dashboard" | "plain" | "json";

async function snapshot(c: Connection) {
  const body = await request<unknown>(c, "GET", "/api/v1/gateway", { what: "the gateway" });
  const parsed = gatewaySnapshotSchema.safeParse(body);
  if (!parsed.success)
    throw new CliError(EXIT.unreachable, `${c.server} did not answer a gateway snapshot: is it a Parley server?`);
  return parsed.data;
}

/** Redraws the dashboard at most every FRAME_MS, and every second for the clocks. */
class Screen {
  private static readonly FRAME_MS = 80;
  private readonly region: LiveRegion;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private readonly tick: ReturnType<typeof setInterval>;

  constructor(
    out: NodeJS.WriteStream,
    private readonly frame: (width: number, height: number) => string[],
  ) {
    this.region = new LiveRegion(out);
    this.region.start();
    this.draw();
    this.tick = setInterval(() => this.draw(), 1000);
  }

  update(): void {
    this.pending ??= setTimeout(() => this.draw(), Screen.FRAME_MS);
  }

  draw(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.region.draw(this.frame(this.region.width, this.region.height));
  }

  /** The last frame stays on screen. */
  stop(): void {
    clearInterval(this.tick);
    this.draw();
    this.region.stop();
  }
}

export async function gatewayCommand(g: Globals, io: Io): Promise<ExitCode> {
  if (!g.connection.apiKey) {
    throw new CliError(
      EXIT.unreachable,
      `gateway needs an API key that may subscribe to the gateway channel: pass --api-key or set PARLEY_API_KEY (create one on ${g.connection.server}/keys with the scope subscribe:gateway, or with \`npm run apikey -- --name me --scope subscribe:gateway\` on the server).`,
    );
  }
  const first = await snapshot(g.connection);
  const mode: Mode = g.json ? "json" : io.stdout.isTTY ? "dashboard" : "plain";
  const paint = painter(g.color);
  let watch: GatewayWatch = watchFromSnapshot(first);
  let status: ConnectionStatus = "connecting";
  let last: string | null = null;
  let announced = false;
  const screen =
    mode === "dashboard"
      ? new Screen(io.stdout, (width, height) =>
          renderGatewayDashboard(watch, { width, height, now: Date.now(), paint, server: g.connection.server, status }),
        )
      : null;
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.on("SIGINT", onSigint);

  const onEvent = (e: Envelope) => {
    // Replays after a reconnect are dropped by cursor; a reset moves the cursor wherever it says.
    if (e.type !== "stream.reset" && last && compareCursors(e.id, last) <= 0) return;
    last = e.id;
    watch = applyGatewayEvent(watch, e);
    if (e.type === "stream.reset") {
      void snapshot(g.connection).then(
        (s) => {
          watch = watchFromSnapshot(s, watch);
          screen?.update();
        },
        () => {},
      );
    }
    if (mode === "json" && (e.type.startsWith("gateway.") || e.type === "stream.reset"))
      io.stdout.write(`${JSON.stringify(e)}\n`);
    if (mode === "plain") {
      const line = plainGatewayLine(e, watch);
      if (line) io.stdout.write(`${line}\n`);
    }
    screen?.update();
  };

  try {
    await follow({
      connection: g.connection,
      path: `/api/v1/channels/${GATEWAY_CHANNEL}/stream`,
      what: "the gateway channel",
      cursor: first.last_event_id ?? ORIGIN,
      signal: stop.signal,
      failFast: true,
      onStatus: (next) => {
        if (next === "live" && !announced && !screen) {
          announced = true;
          io.stderr.write(paint("gray", `Following the gateway on ${g.connection.server} — Ctrl-C to stop\n`));
        } else if (next === "reconnecting" && !screen) io.stderr.write(paint("yellow", "… reconnecting\n"));
        status = next;
        screen?.update();
      },
      onEvent,
    });
  } finally {
    process.off("SIGINT", onSigint);
    screen?.stop();
  }
  return EXIT.ok;
}
