// Bring your own agents, in real Chromium: a scripted multi-agent AG-UI agent (built with @ag-ui/encoder
// and @ag-ui/core) that Parley calls itself, watched live on the run page — its lanes filling token by
// token, the tool call, the state panel, the reasoning folded away, the kept events in the log; and a
// producer's run started in a session, appearing in the room for everyone in it as it is piped in.
import { expect, type Page, test } from "@playwright/test";
import { REPORT_TEXT, RESEARCH_TEXT, scriptedRun, startScriptedAgent } from "../tests/support/ag-ui-agent";
import { createApiKey, guestJoins } from "./support";

const lane = (page: Page, agent: string) => page.locator(`[data-lane="${agent}"]`);

test("an AG-UI agent Parley calls, watched live on the run page", async ({ page, request }) => {
  const agent = await startScriptedAgent({ delayMs: 150 });
  try {
    const key = await createApiKey(request, ["runs"]);
    const res = await request.post("/api/v1/runs", {
      headers: { Authorization: `Bearer ${key}` },
      data: { task: "Research rate limiters", source: { ag_ui: { url: agent.url } } },
    });
    expect(res.status()).toBe(201);
    const { run_id } = (await res.json()) as { run_id: string };
    // The AG-UI packages stay on the server: no script the page loads carries them.
    const scripts: Promise<string>[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith(".js")) scripts.push(r.text());
    });
    await page.goto(`/runs/${run_id}`);

    // Live: the Researcher's turn is seen running, its text growing.
    await expect(lane(page, "Researcher").locator('[data-turn-status="running"]')).toBeVisible();
    await expect(lane(page, "Researcher").getByTestId("turn-text")).toContainText("Looking into");
    await expect(lane(page, "Researcher")).toContainText("web_search");
    await expect(page.getByTestId("run-state")).toContainText('"phase": "writing"');
    await expect(page.getByTestId("run-state")).toContainText("token bucket");
    // The page's stream ends every 4 s here (PARLEY_STREAM_MAX_MS) and resumes 2 s later: allow for one
    // reconnect on a busy machine before the last tokens arrive.
    await expect(lane(page, "Writer").getByTestId("turn-text")).toHaveText(REPORT_TEXT, { timeout: 15_000 });
    await expect(lane(page, "Researcher").getByTestId("turn-text")).toHaveText(RESEARCH_TEXT);

    const reasoning = lane(page, "Writer").getByTestId("turn-reasoning");
    await expect(reasoning).not.toHaveAttribute("open");
    await reasoning.getByText("Reasoning").click();
    await expect(reasoning).toContainText("favour the token bucket");

    const log = page.getByTestId("event-log");
    await expect(log).toContainText("Event log (2)");
    await log.getByText("Event log").click();
    await expect(log.locator('[data-log-type="CUSTOM"]')).toContainText("percent");
    await expect(log.locator('[data-log-type="RAW"]')).toContainText("langgraph");
    await expect(page.getByText("Report written").first()).toBeVisible();

    const loaded = await Promise.all(scripts);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((js) => js.includes("TEXT_MESSAGE_START") || js.includes("fast-json-patch"))).toEqual([]);

    // Reloaded after the end: the same, from the database.
    await page.reload();
    await expect(lane(page, "Writer").getByTestId("turn-text")).toHaveText(REPORT_TEXT);
    await expect(page.getByTestId("run-state")).toContainText("token bucket");
  } finally {
    await agent.close();
  }
});

test("a producer's run started in a session appears in the room for everyone, as it is piped in", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await page.getByLabel("Title").fill("Bring your own agents");
  await page.getByLabel("Your name").fill("Olga");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page).toHaveURL(/\/sessions\/ses_[0-9a-z]{20}$/);
  const sessionId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  const guest = await guestJoins(browser, await page.getByLabel("editor invite link").inputValue(), "Gus");
  await guest.page.setViewportSize({ width: 1400, height: 900 });

  // Olga's own key (made as her, like on the keys page) streams the run in.
  const made = await page.request.post("/api/v1/keys", { data: { name: "my agents", scopes: ["runs"] } });
  const key = ((await made.json()) as { key: string }).key;
  const auth = { Authorization: `Bearer ${key}` };
  const started = await page.request.post("/api/v1/runs", {
    headers: auth,
    data: { source: "external", task: "Research rate limiters", session_id: sessionId },
  });
  expect(started.status()).toBe(201);
  const { run_id } = (await started.json()) as { run_id: string };
  const panes = [page, guest.page].map((p) => p.getByTestId("run-pane"));
  for (const pane of panes) await expect(pane).toBeVisible();

  const events = scriptedRun(run_id, run_id);
  const half = 8;
  const post = (part: unknown[]) =>
    page.request.post(`/api/v1/runs/${run_id}/ag-ui`, {
      headers: { ...auth, "Content-Type": "application/x-ndjson" },
      data: part.map((e) => JSON.stringify(e)).join("\n"),
    });
  expect((await post(events.slice(0, half))).status()).toBe(200);
  for (const pane of panes) await expect(pane.locator('[data-lane="Researcher"] [data-turn-status="running"]')).toBeVisible();
  expect((await post(events.slice(half))).status()).toBe(200);
  for (const pane of panes) {
    await expect(pane.locator('[data-lane="Writer"]').getByTestId("turn-text")).toHaveText(REPORT_TEXT);
    await expect(pane.getByTestId("run-state")).toContainText("token bucket");
  }
  await guest.context.close();
});
