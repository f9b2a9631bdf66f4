// Runs the real `parley` bin (bin/parley.mjs) as a child process and records what a user would see.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Envelope } from "@/lib/events/envelope";

// Tests run from the repository root, like the server helper.
const BIN = path.resolve("bin/parley.mjs");

export interface CliRun {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout parsed as newline-delimited envelopes (for --json). */
  envelopes(): Envelope[];
  /** Resolves when `predicate` holds for what has been printed so far. */
  waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(): void;
}

export function parley(args: string[], options: { env?: Record<string, string> } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env };
  // Tests say which server and key they mean; nothing leaks in from the developer's shell.
  for (const name of ["PARLEY_URL", "PARLEY_API_KEY", "PARLEY_USER_ID"]) if (!options.env?.[name]) delete env[name];
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    notify();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(notify);
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    envelopes: () =>
      stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Envelope),
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate({ stdout, stderr })) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`parley exited (${child.exitCode}) first.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`condition not met within ${timeoutMs} ms.\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    exited,
    kill: () => child.kill("SIGKILL"),
  };
}

/** Runs `parley` to its end and returns its exit code and output. */
export async function parleyToEnd(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}) {
  const run = parley(args, options);
  const timer = setTimeout(() => run.kill(), options.timeoutMs ?? 60_000);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr(), envelopes: run.envelopes };
}
