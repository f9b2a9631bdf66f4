// A document's browser snippet run as written in real Chromium, on a page of Parley's origin (the
// snippets use paths relative to the page), with what it logs recorded — text and arguments.
import type { Browser, Page, Request } from "@playwright/test";
import type { TestServer } from "@/tests/support/server";

export interface Logged {
  text: string;
  args: unknown[];
}

export interface SnippetPage {
  page: Page;
  logs: Logged[];
  /** Requests the page made whose URL contains `part` (EventSource's connections and reconnections). */
  requests(part: string): Request[];
  /** Waits until the snippet has logged a line that `match` accepts. */
  logged(match: (line: Logged) => boolean, timeoutMs?: number): Promise<Logged>;
  close(): Promise<void>;
}

/**
 * Opens Parley's home page (which gives the browser its identity cookie, as any visit does) and runs `code`
 * — or the code `code(page)` answers, for a snippet whose placeholders need ids the page makes first.
 * `handle`: the name the snippet gives its EventSource (kept for readyState()).
 */
export async function runInBrowser(
  browser: Browser,
  server: TestServer,
  code: string | ((page: Page) => Promise<string>),
  options: { handle?: string } = {},
): Promise<SnippetPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const logs: Logged[] = [];
  const waiters = new Set<() => void>();
  const seen: Request[] = [];
  page.on("request", (r) => seen.push(r));
  // Each line is recorded once its arguments' values have arrived, in the order the page logged them.
  let recorded = Promise.resolve();
  page.on("console", (message) => {
    const text = message.text();
    const args = Promise.all(message.args().map((a) => a.jsonValue().catch(() => null)));
    recorded = recorded.then(async () => {
      logs.push({ text, args: await args });
      for (const w of [...waiters]) w();
    });
  });
  await page.goto(`${server.url}/`);
  const snippetCode = typeof code === "string" ? code : await code(page);
  // The snippet as written, in a function of its own (its `const`s stay its own); its EventSource is kept for the test.
  await page.evaluate(`(() => {\n${snippetCode}\nwindow.__es = ${options.handle ?? "es"};\n})()`);
  return {
    page,
    logs,
    requests: (part) => seen.filter((r) => r.url().includes(part)),
    logged(match, timeoutMs = 30_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not logged within ${timeoutMs} ms; logged:\n${logs.map((l) => l.text).join("\n")}`));
        }, timeoutMs);
        const check = () => {
          const hit = logs.find(match);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
      });
    },
    close: () => context.close(),
  };
}

/** The snippet's EventSource's readyState: 0 connecting, 1 open, 2 closed. */
export function readyState(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __es: EventSource }).__es.readyState);
}
