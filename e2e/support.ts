import { type APIRequestContext, type Browser, expect, type Page } from "@playwright/test";
import { mintAdminToken } from "../lib/auth/tokens";
import { E2E_SECRET } from "../playwright.config";

export async function createApiKey(request: APIRequestContext, scopes?: string[]): Promise<string> {
  const res = await request.post("/api/v1/admin/api-keys", {
    headers: { Authorization: `Bearer ${mintAdminToken(E2E_SECRET).token}` },
    data: { name: "e2e", ...(scopes && { scopes }) },
  });
  if (res.status() !== 201) throw new Error(`api key: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

export async function publish(request: APIRequestContext, key: string, channel: string, body: unknown) {
  const res = await request.post(`/api/v1/channels/${channel}/events`, {
    headers: { Authorization: `Bearer ${key}` },
    data: body,
  });
  if (res.status() !== 201) throw new Error(`publish: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { events: { id: string }[] };
}

/** Opens the console for `channel` and connects with `key`, as a person would. */
export async function openConsole(page: Page, channel: string, key: string) {
  await page.goto(`/channels/${channel}`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator('[role="status"][data-status="live"]').waitFor();
}

/** Someone new opens an invite link in a browser of their own, names themselves and lands in the live room. */
export async function guestJoins(browser: Browser, link: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join session" }).click();
  await expect(page).toHaveURL(/\/sessions\//);
  await page.locator('[role="status"][data-status="live"]').first().waitFor();
  return { context, page };
}

/** Starts a run with `body` through the API and waits until its first approval gate is open; its id. */
export async function startRunAtGate(request: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const started = await request.post("/api/v1/runs", { data: body });
  expect(started.status()).toBe(201);
  const { run_id: runId } = (await started.json()) as { run_id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/runs/${runId}`)).json()) as { gates: unknown[] }).gates.length, {
      timeout: 30_000,
    })
    .toBe(1);
  return runId;
}
