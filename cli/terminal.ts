// The terminal itself: a region redrawn in place (no alternate screen, so the last frame and the summary
// stay in the scrollback), a one-key question, and putting everything back however the process ends.

const ESC = "\x1b[";
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const NO_WRAP = `${ESC}?7l`;
const WRAP = `${ESC}?7h`;

let restoreOnExit: (() => void) | null = null;

/** Registers, once per process, what puts the terminal back; it runs on every exit path. */
function guardExit(out: NodeJS.WriteStream) {
  if (restoreOnExit) return;
  restoreOnExit = () => {
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    out.write(`${WRAP}${SHOW_CURSOR}`);
  };
  process.on("exit", () => restoreOnExit?.());
  // Killed by a signal, a process skips "exit": put the terminal back, then die of the same signal.
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      restoreOnExit?.();
      process.kill(process.pid, signal);
    });
  }
}

export class LiveRegion {
  private drawn = 0;
  private active = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  get width(): number {
    return this.out.columns || 80;
  }

  /** Frames must stay shorter than the screen: a frame that scrolls cannot be redrawn in place. */
  get height(): number {
    return Math.max(3, (this.out.rows || 24) - 1);
  }

  start(): void {
    if (this.active) return;
    guardExit(this.out);
    this.active = true;
    this.drawn = 0;
    this.out.write(HIDE_CURSOR);
  }

  /** Replaces the previous frame. Lines must fit the width; wrapping is off while drawing, to be sure. */
  draw(lines: string[]): void {
    if (!this.active) return;
    const up = this.drawn > 0 ? `${ESC}${this.drawn}F` : "";
    this.out.write(`${up}${ESC}J${NO_WRAP}${lines.map((l) => `${l}\n`).join("")}${WRAP}`);
    this.drawn = lines.length;
  }

  /** Gives the cursor back for a question below the frame; `resume` then redraws over both. */
  pause(): void {
    if (!this.active) return;
    this.active = false;
    this.out.write(SHOW_CURSOR);
  }

  resume(linesWrittenMeanwhile: number): void {
    if (this.active) return;
    this.active = true;
    this.drawn += linesWrittenMeanwhile;
    this.out.write(HIDE_CURSOR);
  }

  /** Leaves the last frame on screen and gives the cursor back. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.drawn = 0;
    this.out.write(`${WRAP}${SHOW_CURSOR}`);
  }
}

/**
 * Asks a yes/no question and reads one key. Enter, n, Esc or another Ctrl-C mean no.
 * Resolves false at once when there is no terminal to ask on.
 */
export function askYesNo(question: string, out: NodeJS.WriteStream): Promise<boolean> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.resolve(false);
  guardExit(out);
  // Clears the "^C" the terminal echoed.
  out.write(`\r${ESC}2K${SHOW_CURSOR}${question} `);
  return new Promise((resolve) => {
    input.setRawMode(true);
    input.resume();
    input.once("data", (key: Buffer) => {
      input.setRawMode(false);
      input.pause();
      const yes = /^[yY]/.test(key.toString("utf8"));
      out.write(`${yes ? "y" : "n"}\n`);
      resolve(yes);
    });
  });
}

/**
 * Asks for one line of text (cooked mode: the terminal echoes and edits it). Resolves null at once when
 * there is no terminal to ask on.
 */
export function askLine(question: string, out: NodeJS.WriteStream): Promise<string | null> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.resolve(null);
  guardExit(out);
  out.write(`\r${ESC}2K${SHOW_CURSOR}${question} `);
  return new Promise((resolve) => {
    input.setEncoding("utf8");
    input.resume();
    let line = "";
    const onData = (chunk: string) => {
      line += chunk;
      const end = line.indexOf("\n");
      if (end < 0) return;
      input.off("data", onData);
      input.pause();
      resolve(line.slice(0, end).replace(/\r$/, ""));
    };
    input.on("data", onData);
  });
}
