// `parley gateway`: every model call through the gateway, live — a dashboard on a terminal (calls
// streaming now with their text, recent calls, the hour's totals), a line per call in a pipe, the
// gateway's events with --json — from the snapshot on, until Ctrl-C.
import { compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { GATEWAY_CHANNEL } from "@/lib/gateway/events";
import { type GatewaySnapshot, gatewaySnapshotSchema } from "@/lib/gateway/views";
import { applyGatewayEvent, type GatewayWatch, watchFromSnapshot } from "@/lib/gateway/watch-state";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import { plainGatewayLine, renderGatewayDashboard } from "../gateway/render";
import type { Io } from "../io";
import { type ConnectionStatus, follow } from "../sse";
import { LiveRegion } from "../terminal";
import { type Paint, painter } from "../ui/text";

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
  const view = new GatewayView(g, io, mode, first);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.on("SIGINT", onSigint);
  try {
    await follow({
      connection: g.connection,
      path: `/api/v1/channels/${GATEWAY_CHANNEL}/stream`,
      what: "the gateway channel",
      cursor: first.last_event_id ?? ORIGIN,
      signal: stop.signal,
      failFast: true,
      onStatus: (next) => view.status(next),
      onEvent: (e) => view.event(e),
    });
  } finally {
    process.off("SIGINT", onSigint);
    view.stop();
  }
  return EXIT.ok;
}

/** What `parley gateway` shows: the snapshot and every event since, as a dashboard, lines or JSON. */
class GatewayView {
  private watch: GatewayWatch;
  private connection: ConnectionStatus = "connecting";
  /** The cursor of the last event applied. */
  private last: string | null = null;
  private announced = false;
  private readonly paint: Paint;
  private readonly screen: Screen | null;

  constructor(
    private readonly g: Globals,
    private readonly io: Io,
    private readonly mode: Mode,
    first: GatewaySnapshot,
  ) {
    this.paint = painter(g.color);
    this.watch = watchFromSnapshot(first);
    const server = g.connection.server;
    this.screen =
      mode === "dashboard"
        ? new Screen(io.stdout, (width, height) =>
            renderGatewayDashboard(this.watch, {
              width,
              height,
              now: Date.now(),
              paint: this.paint,
              server,
              status: this.connection,
            }),
          )
        : null;
  }

  event(e: Envelope): void {
    // Replays after a reconnect are dropped by cursor; a reset moves the cursor wherever it says.
    if (e.type !== "stream.reset" && this.last && compareCursors(e.id, this.last) <= 0) return;
    this.last = e.id;
    this.watch = applyGatewayEvent(this.watch, e);
    if (e.type === "stream.reset") {
      void snapshot(this.g.connection).then(
        (s) => {
          this.watch = watchFromSnapshot(s, this.watch);
          this.screen?.update();
        },
        () => {},
      );
    }
    if (this.mode === "json" && (e.type.startsWith("gateway.") || e.type === "stream.reset"))
      this.io.stdout.write(`${JSON.stringify(e)}\n`);
    if (this.mode === "plain") {
      const line = plainGatewayLine(e, this.watch);
      if (line) this.io.stdout.write(`${line}\n`);
    }
    this.screen?.update();
  }

  status(next: ConnectionStatus): void {
    const { io, paint, screen } = this;
    if (next === "live" && !this.announced && !screen) {
      this.announced = true;
      io.stderr.write(paint("gray", `Following the gateway on ${this.g.connection.server} — Ctrl-C to stop\n`));
    } else if (next === "reconnecting" && !screen) io.stderr.write(paint("yellow", "… reconnecting\n"));
    this.connection = next;
    screen?.update();
  }

  /** The dashboard's last frame stays on screen. */
  stop(): void {
    this.screen?.stop();
  }
}
