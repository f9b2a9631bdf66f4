// A real terminal for CLI tests: a tmux server of our own (its own socket), a shell in a pane of a known
// size, keys sent the way a person types them, and the screen read back.
import { execFileSync, spawnSync } from "node:child_process";
import { vi } from "vitest";

export function hasTmux(): boolean {
  return spawnSync("tmux", ["-V"]).status === 0;
}

export interface Terminal {
  /** Types text (and Enter unless `enter` is false). */
  type(text: string, options?: { enter?: boolean }): void;
  /** Sends tmux key names: "C-c", "y", "Enter". */
  keys(...keys: string[]): void;
  /** The visible screen, plus `history` lines of scrollback above it. */
  screen(history?: number): string;
  /** tmux's format variables for the pane, e.g. "cursor_flag" (1 when the cursor is visible). */
  pane(variable: string): string;
  /** Resolves when the screen (with scrollback) matches; polls because a terminal has no events to wait on. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): void;
}

export function openTerminal(options: { width: number; height: number; cwd: string; env: Record<string, string> }): Terminal {
  const socket = `parley-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const exports = Object.entries({ ...options.env, PS1: "$ ", TERM: "xterm-256color" })
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    "t",
    "-x",
    String(options.width),
    "-y",
    String(options.height),
    "-c",
    options.cwd,
    `env -i PATH=${JSON.stringify(process.env.PATH ?? "/usr/bin:/bin")} HOME=${JSON.stringify(process.env.HOME ?? "/tmp")} ${exports} bash --norc --noprofile`,
  );
  const term: Terminal = {
    type(text, { enter = true } = {}) {
      tmux("send-keys", "-t", "t", "-l", text);
      if (enter) tmux("send-keys", "-t", "t", "Enter");
    },
    keys(...keys) {
      tmux("send-keys", "-t", "t", ...keys);
    },
    screen(history = 0) {
      return tmux("capture-pane", "-p", "-t", "t", ...(history > 0 ? ["-S", String(-history)] : []));
    },
    pane(variable) {
      return tmux("display-message", "-p", "-t", "t", `#{${variable}}`).trim();
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return vi.waitFor(
        () => {
          const screen = term.screen(200);
          if (!pattern.test(screen)) throw new Error(`the terminal never showed ${pattern}. It shows:\n${screen}`);
          return screen;
        },
        { timeout: timeoutMs, interval: 100 },
      );
    },
    close() {
      spawnSync("tmux", ["-L", socket, "kill-server"]);
    },
  };
  return term;
}
