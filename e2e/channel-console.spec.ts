import { expect, test } from "@playwright/test";
import { createApiKey, openConsole, publish } from "./support";

test("the home page says what Parley is and opens a channel console", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Watch AI agents work");
  await page.getByLabel("Channel name").fill("from-home");
  await page.getByRole("button", { name: "Open console" }).click();
  await expect(page).toHaveURL(/\/channels\/from-home$/);
  await expect(page.getByLabel("API key")).toBeVisible();
});

test("an event published through the API appears within a second", async ({ page, request }) => {
  const key = await createApiKey(request);
  const channel = `e2e-live-${test.info().workerIndex}-${Date.now()}`;
  await openConsole(page, channel, key);

  const started = Date.now();
  await publish(request, key, channel, { type: "ingest.job.updated", data: { job: "nightly", state: "running" } });
  const row = page.locator("li[data-event-id]").first();
  await expect(row).toContainText("ingest.job.updated", { timeout: 1000 });
  await expect(row).toContainText('"state":"running"');
  expect(Date.now() - started).toBeLessThan(1000);
});

test("keeps every event, once and in order, across forced reconnects", async ({ page, request }) => {
  const key = await createApiKey(request);
  const channel = `e2e-reconnect-${test.info().workerIndex}-${Date.now()}`;
  await openConsole(page, channel, key);

  const ids: string[] = [];
  // ~9 s of traffic while the server ends every stream after 4 s.
  for (let i = 0; i < 45; i++) {
    const { events } = await publish(request, key, channel, { type: "ingest.tick", data: { i } });
    ids.push(events[0]!.id);
    await page.waitForTimeout(200);
  }
  await expect(page.getByTestId("received-count")).toHaveText("45", { timeout: 10_000 });
  const shown = await page.locator("li[data-event-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event-id")));
  expect(shown).toEqual(ids.slice().reverse());
  await expect(page.getByText(/[1-9]\d* reconnects/)).toBeVisible();
});

test("filters by type and pauses without losing events", async ({ page, request }) => {
  const key = await createApiKey(request);
  const channel = `e2e-filter-${test.info().workerIndex}-${Date.now()}`;
  await openConsole(page, channel, key);

  await publish(request, key, channel, {
    events: [
      { type: "agent.note", data: { n: 1 } },
      { type: "ingest.note", data: { n: 2 } },
    ],
  });
  await expect(page.locator("li[data-event-id]")).toHaveCount(2);
  await page.getByLabel("Filter by type").fill("agent.*");
  await expect(page.locator("li[data-event-id]")).toHaveCount(1);
  await expect(page.locator("li[data-event-id]")).toContainText("agent.note");

  await page.getByRole("button", { name: "Pause" }).click();
  await publish(request, key, channel, { type: "agent.later", data: {} });
  await expect(page.getByRole("button", { name: /Resume \(1 new\)/ })).toBeVisible();
  await expect(page.locator("li[data-event-id]")).toHaveCount(1);
  await page.getByRole("button", { name: /Resume/ }).click();
  await expect(page.locator("li[data-event-id]")).toHaveCount(2);
});

test("a wrong API key is refused with a message, and a read link works without one", async ({ page, request }) => {
  await page.goto("/channels/e2e-auth");
  await page.getByLabel("API key").fill(`pk_${"x".repeat(43)}`);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByText("The API key is not valid or has been revoked")).toBeVisible();

  const key = await createApiKey(request);
  const minted = await request.post("/api/v1/channels/e2e-auth/tokens", { headers: { Authorization: `Bearer ${key}` } });
  const { console_url } = (await minted.json()) as { console_url: string };
  await page.goto(console_url);
  await page.locator('[role="status"][data-status="live"]').waitFor();
  await publish(request, key, "e2e-auth", { type: "shared.link", data: {} });
  await expect(page.locator("li[data-event-id]")).toContainText("shared.link");
});
