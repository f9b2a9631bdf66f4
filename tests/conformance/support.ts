// What the conformance tests share: the seed documents' snippets as files (snippets/, verbatim), a server
// as `npm start` runs it, the snippets' host swapped for it, shell and Python runs, and real Chromium.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { startServer, type TestServer } from "@/tests/support/server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** A snippet exactly as its document shows it. */
export function snippet(name: string): string {
  return readFileSync(path.join(root, "tests/conformance/snippets", name), "utf8");
}

/** The one change the documents' readers make: their host and port become Parley's. */
export function onServer(text: string, server: TestServer): string {
  return text.replaceAll("https://api.llmhive.ai", server.url).replaceAll("http://localhost:8000", server.url);
}

/**
 * A production build served as `npm start` serves it (embedded database unless DATABASE_URL, memory hub).
 * X-User-ID is trusted because the LLMHive document's curl calls identify people by it (README › Security:
 * trusted only behind a proxy that sets it). LLMHive's manual test is on by default for a local server; on
 * PostgreSQL (CI's second pass) it is turned on explicitly.
 */
export function startConformanceServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startServer({
    env: {
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_KEEPALIVE_MS: "1000",
      ...(process.env.DATABASE_URL && { PARLEY_LLMHIVE_TEST_STREAMS: "true" }),
      ...env,
    },
  });
}

export interface ShellRun {
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout satisfies `predicate`; rejects after `timeoutMs` or when the process exits first. */
  waitFor(predicate: (out: string) => boolean, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(): void;
}

/** Runs a script with bash, as a reader pasting the snippet into a terminal would. */
export function shell(script: string, options: { cwd?: string; env?: Record<string, string> } = {}): ShellRun {
  const child = spawn("bash", ["-c", script], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
    waitFor(predicate, timeoutMs = 30_000) {
      if (predicate(out)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`not seen within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)),
          timeoutMs,
        );
        const check = () => {
          if (predicate(out)) done();
        };
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        void exited.then(() =>
          setTimeout(() => (predicate(out) ? done() : done(new Error(`exited; stdout:\n${out}\nstderr:\n${err}`))), 50),
        );
      });
    },
  };
}

/** Runs a script to its end and answers what it printed. */
export async function run(script: string, options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = shell(script, options);
  const code = await r.exited;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}

const CHROMIUM = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";

/** Real Chromium (Debian's, as the end-to-end tests use); throws naming the fix when there is none. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set PARLEY_CHROMIUM (npm test installs it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), "--disable-background-networking", "--no-first-run"],
  });
}
