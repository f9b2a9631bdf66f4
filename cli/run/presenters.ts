// The three ways `parley run` and `parley watch` show a run, each a presenter behind one interface: a
// live dashboard redrawn in place on a terminal, plain lines in a pipe or log, envelopes with --json.
import type { Envelope } from "@/lib/events/envelope";
import type { StreamStatus } from "@/lib/events/stream-state";
import type { RunSnapshot } from "@/lib/runs/views";
import type { Io } from "../io";
import { LiveRegion } from "../terminal";
import type { Paint } from "../ui/text";
import type { Dashboard } from "./model";
import { plainEventLines, plainHeader } from "./plain";
import { renderDashboard, renderSummary } from "./render";

export interface Presenter {
  /** Before the first event. */
  start(): void;
  /** The dashboard changed: an event, the connection, a notice. */
  update(d: Dashboard): void;
  /** Each new event once, in order, after it was applied. */
  event(event: Envelope, d: Dashboard): void;
  /** The Ctrl-C question is about to be asked: the presenter steps aside and says where to ask it. */
  question(): NodeJS.WriteStream;
  /** The question was answered: with what came of the cancel, or null when the user detaches. */
  answered(notice: string | null): void;
  /** Following stopped: release timers and listeners. */
  close(): void;
  /** The user detached before the run ended. */
  detached(): void;
  /** The run ended: leave its outcome behind. */
  ended(d: Dashboard): void;
}

export interface PresenterOptions {
  io: Io;
  paint: Paint;
  server: string;
  snapshot: RunSnapshot;
  initial: Dashboard;
  /** Whether this reader may cancel the run: the dashboard offers it only then. */
  mayControl: boolean;
}

/** What --json leaves on stderr at the end: one line with the outcome. */
export function endLine(d: Dashboard): string {
  const { run } = d.stream.data;
  if (run.status === "completed") return `✓ Run ${run.run_id} completed.`;
  if (run.status === "cancelled") return `■ Run ${run.run_id} was cancelled.`;
  const why = run.error ? `${run.error.error_type}: ${run.error.message}` : "no reason given";
  return `✗ Run ${run.run_id} failed (${why}). Its record: parley watch ${run.run_id}`;
}

/** The live dashboard: redrawn at most ~12 times a second as tokens arrive, and every second for the clock. */
export class DashboardPresenter implements Presenter {
  private readonly region: LiveRegion;
  private latest: Dashboard;
  private notice: string | null = null;
  private asking = false;
  private scheduled: ReturnType<typeof setTimeout> | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private readonly onResize = () => this.draw();

  constructor(private readonly o: PresenterOptions) {
    this.region = new LiveRegion(o.io.stdout);
    this.latest = o.initial;
  }

  start(): void {
    this.clock = setInterval(() => this.draw(), 1000);
    this.region.start();
    this.draw();
    this.o.io.stdout.on("resize", this.onResize);
  }

  update(d: Dashboard): void {
    this.latest = d;
    this.scheduled ??= setTimeout(() => {
      this.scheduled = null;
      this.draw();
    }, 80);
  }

  event(): void {}

  question(): NodeJS.WriteStream {
    this.asking = true;
    this.region.pause();
    return this.o.io.stdout;
  }

  answered(notice: string | null): void {
    if (notice !== null) {
      this.notice = notice;
      // The question took one line under the frame: the next frame covers it.
      this.region.resume(1);
      this.asking = false;
      this.draw();
    } else {
      this.asking = false;
    }
  }

  close(): void {
    this.o.io.stdout.off("resize", this.onResize);
    if (this.clock) clearInterval(this.clock);
    if (this.scheduled) clearTimeout(this.scheduled);
  }

  detached(): void {
    this.region.stop();
  }

  ended(d: Dashboard): void {
    this.latest = d;
    this.draw();
    this.region.stop();
    const summary = renderSummary(d, { width: this.region.width, now: Date.now(), paint: this.o.paint, server: this.o.server });
    this.o.io.stdout.write(`${summary.join("\n")}\n`);
  }

  private draw(): void {
    if (this.asking) return;
    const d = this.notice ? { ...this.latest, notice: this.notice } : this.latest;
    const { width, height } = this.region;
    this.region.draw(renderDashboard(d, { width, height, now: Date.now(), paint: this.o.paint, mayControl: this.o.mayControl }));
  }
}

/** What the two line presenters share: status and questions go to stderr, stdout carries the record. */
abstract class LinePresenter implements Presenter {
  private lastStatus: StreamStatus;

  constructor(protected readonly o: PresenterOptions) {
    this.lastStatus = o.initial.stream.status;
  }

  abstract start(): void;
  abstract event(event: Envelope, d: Dashboard): void;
  abstract ended(d: Dashboard): void;

  update(d: Dashboard): void {
    if (d.stream.status !== this.lastStatus && d.stream.status === "reconnecting") {
      this.o.io.stderr.write("… the connection dropped: reconnecting\n");
    }
    this.lastStatus = d.stream.status;
  }

  question(): NodeJS.WriteStream {
    return this.o.io.stderr;
  }

  answered(notice: string | null): void {
    if (notice !== null) this.o.io.stderr.write(`${notice}\n`);
  }

  close(): void {}
  detached(): void {}
}

/** A line per thing that happened, for a pipe or a log; the summary at the end. */
export class PlainPresenter extends LinePresenter {
  start(): void {
    this.o.io.stdout.write(`${plainHeader(this.o.snapshot).join("\n")}\n`);
  }

  event(event: Envelope, d: Dashboard): void {
    for (const line of plainEventLines(event, d.stream.data)) this.o.io.stdout.write(`${line}\n`);
  }

  ended(d: Dashboard): void {
    const summary = renderSummary(d, { width: 100, now: Date.now(), paint: this.o.paint, server: this.o.server });
    this.o.io.stdout.write(`${summary.join("\n")}\n`);
  }
}

/** Every envelope as a line of JSON on stdout; the outcome on stderr. */
export class JsonPresenter extends LinePresenter {
  start(): void {}

  event(event: Envelope): void {
    this.o.io.stdout.write(`${JSON.stringify(event)}\n`);
  }

  ended(d: Dashboard): void {
    this.o.io.stderr.write(`${endLine(d)}\n`);
  }
}

/** --json wins; otherwise a terminal gets the dashboard and anything else plain lines. */
export function presenterFor(json: boolean, o: PresenterOptions): Presenter {
  if (json) return new JsonPresenter(o);
  return o.io.stdout.isTTY ? new DashboardPresenter(o) : new PlainPresenter(o);
}
