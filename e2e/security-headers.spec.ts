// Every page works under Parley's Content-Security-Policy: real Chromium reports no violation, and
// the identity-setting first response is not cacheable by shared caches.
import { expect, test } from "@playwright/test";

test("every page renders and hydrates with the CSP on, without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(
        `Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI} on ${location.pathname} from ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const first = await page.goto("/");
  const headers = (await first?.allHeaders()) ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["set-cookie"]).toContain("parley_id=");
  expect(headers["cache-control"]).toMatch(/private|no-store/);

  const session = await page.request.post("/api/v1/collaborate", { data: { title: "CSP check" } });
  expect(session.status()).toBe(201);
  const { session_id, invite_token } = (await session.json()) as { session_id: string; invite_token: string };
  const run = await page.request.post("/api/v1/runs", { data: { task: "CSP check" } });
  expect(run.status()).toBe(201);
  const { run_id } = (await run.json()) as { run_id: string };

  for (const path of ["/", `/runs/${run_id}`, `/sessions/${session_id}`, `/join?token=${invite_token}`, "/channels/csp-check"]) {
    await page.goto(path);
    await page.locator("h1, h2").first().waitFor();
    // Next's client runtime started (it sets window.next), so the page's scripts ran under the policy.
    await page.waitForFunction(() => Boolean((window as { next?: { version?: string } }).next?.version));
  }
  expect(violations).toEqual([]);
});
