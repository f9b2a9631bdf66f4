// Every page, light and dark, on a phone (390 px) and a laptop (1,280 px): no serious or critical axe-core
// violations (WCAG 2.x A and AA) and nothing wider than the screen. axe-core is injected into the page
// (the @axe-core/playwright wrapper needs a newer Node than Parley supports).
import { createRequire } from "node:module";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { scriptedRun } from "../tests/support/ag-ui-agent";
import { createApiKey, guestJoins } from "./support";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const VIEWS = [
  { width: 390, height: 844, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
  { width: 1280, height: 800, scheme: "light" },
  { width: 1280, height: 800, scheme: "dark" },
] as const;

/** Opens `path` in each view and checks it; `ready` waits for what the page is about. */
async function checkEveryView(page: Page, path: string, ready: (page: Page) => Promise<void>) {
  for (const view of VIEWS) {
    const label = `${path} at ${view.width} px, ${view.scheme}`;
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.emulateMedia({ colorScheme: view.scheme, reducedMotion: "reduce" });
    await page.goto(path);
    await ready(page);
    expect(await seriousViolations(page), label).toEqual([]);
    expect(await overflow(page), `${label}: horizontal overflow (px)`).toBeLessThanOrEqual(0);
  }
}

async function finishedRun(request: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const created = await request.post("/api/v1/runs", { data: body });
  const { run_id } = (await created.json()) as { run_id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/runs/${run_id}`)).json()) as { run: { status: string } }).run.status, {
      timeout: 60_000,
    })
    .toMatch(/completed|failed|cancelled/);
  return run_id;
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first().waitFor();

test("the home page, my sessions and runs, keys", async ({ page }) => {
  test.setTimeout(120_000);
  await checkEveryView(page, "/", async (p) => {
    await heading(p);
    await p
      .getByText(/No runs yet|Loading recent runs|RACE|PIPELINE|DEBATE/i)
      .first()
      .waitFor();
  });
  await checkEveryView(page, "/mine", heading);
  await checkEveryView(page, "/keys", async (p) => {
    await heading(p);
    await p
      .getByText(/No keys yet|my laptop/)
      .first()
      .waitFor();
  });
});

test("parley login's page: typing the code, and allowing a terminal", async ({ page }) => {
  test.setTimeout(120_000);
  await checkEveryView(page, "/cli/login", heading);
  const started = await page.request.post("/api/v1/cli/login", { data: { client_name: "e2e-host" } });
  const { user_code } = (await started.json()) as { user_code: string };
  await checkEveryView(page, `/cli/login?code=${user_code}`, async (p) => {
    await p.getByRole("button", { name: "Allow" }).waitFor();
  });
});

test("the agents page, with a saved agent", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.request.post("/api/v1/agents", {
    data: { name: "Researcher", instructions: "Cite your sources.", tools: ["web_search"] },
  });
  await checkEveryView(page, "/agents", (p) => p.getByRole("heading", { name: "Researcher" }).waitFor());
});

test("a finished debate and a finished pipeline run", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const debate = await finishedRun(page.request, { task: "Should we use microservices or a monolith?", strategy: "debate" });
  await checkEveryView(page, `/runs/${debate}`, (p) => p.getByRole("region", { name: "Outcome" }).waitFor());
  const pipeline = await finishedRun(page.request, { task: "Build a REST API with JWT auth", strategy: "pipeline" });
  await checkEveryView(page, `/runs/${pipeline}`, (p) => p.getByRole("region", { name: "Outcome" }).waitFor());
});

test("an external run taken in from AG-UI: its state panel, reasoning and event log, opened", async ({ page, request }) => {
  test.setTimeout(120_000);
  const key = await createApiKey(request, ["runs"]);
  const auth = { Authorization: `Bearer ${key}` };
  const created = await request.post("/api/v1/runs", {
    headers: auth,
    data: { source: "external", task: "Research rate limiters" },
  });
  const { run_id } = (await created.json()) as { run_id: string };
  const posted = await request.post(`/api/v1/runs/${run_id}/ag-ui`, { headers: auth, data: scriptedRun(run_id, run_id) });
  expect(posted.status()).toBe(200);
  await checkEveryView(page, `/runs/${run_id}`, async (p) => {
    await p.getByTestId("run-state").waitFor();
    await p.getByTestId("turn-reasoning").getByText("Reasoning").click();
    await p.getByTestId("event-log").getByText("Event log").click();
  });
});

test("a session room (owner, with invite links), the join page and a channel console", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", {
    data: { title: "Accessibility review", display_name: "Olga" },
  });
  const session = (await created.json()) as { session_id: string; invite_token: string };
  await page.request.post(`/api/v1/collaborate/${session.session_id}/messages`, {
    data: {
      content: "A **long** line with a link https://example.com/a/very/long/path/that/could/overflow/a/phone/screen/easily",
    },
  });
  await checkEveryView(page, `/sessions/${session.session_id}`, async (p) => {
    await p.locator('[role="status"][data-status="live"]').waitFor();
    // The invite links, as an owner sees them (made once, then remembered by this browser).
    for (const role of ["editor", "viewer"]) {
      const button = p.getByRole("button", { name: new RegExp(`^(Create|Rotate) the ${role} link$`) });
      await button.waitFor();
      if ((await button.textContent()) === "Create") await button.click();
      await p.getByLabel(`${role} invite link`).waitFor();
    }
  });
  await checkEveryView(page, `/join?token=${session.invite_token}`, heading);
  await checkEveryView(page, "/channels/demo", heading);
});

test("a run at work: waiting lanes, controls, a note, the approval gate", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  // Each-step approval holds the run at its first gate: a stable view of a run in progress.
  const created = await page.request.post("/api/v1/runs", {
    data: { task: "Build a REST API with JWT auth", strategy: "pipeline", approval: "each_step" },
  });
  const { run_id, control_token } = (await created.json()) as { run_id: string; control_token: string };
  await page.evaluate(([id, token]) => sessionStorage.setItem(`parley.run.${id}`, token ?? ""), [run_id, control_token]);
  await page.request.post(`/api/v1/runs/${run_id}/interjections`, {
    headers: { "X-Parley-Control-Token": control_token },
    data: { content: "Prefer PostgreSQL for the sessions table" },
  });
  await checkEveryView(page, `/runs/${run_id}`, async (p) => {
    await p.getByRole("region", { name: "Approval gate" }).waitFor();
    await p.getByText("Waiting for its turn…").first().waitFor();
  });
});

test("a session room with a run open at its gate, as its owner and as a viewer; /mine with the waiting run", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", { data: { title: "Gate review", display_name: "Olga" } });
  const session = (await created.json()) as { session_id: string };
  const invite = await page.request.post(`/api/v1/collaborate/${session.session_id}/invites`, { data: { role: "viewer" } });
  const viewer = await guestJoins(browser, ((await invite.json()) as { invite_url: string }).invite_url, "Vera");
  const started = await page.request.post("/api/v1/runs", {
    data: { task: "Build a REST API with JWT auth", strategy: "pipeline", approval: "each_step", session_id: session.session_id },
  });
  const { run_id } = (await started.json()) as { run_id: string };
  // The room with the run's pane open at its gate (the gate, the note box); then, where chat and run are two
  // tabs (below 1,280 px), the chat with Parley's line linking the run.
  const atGate = async (p: Page) => {
    await p.getByTestId("run-pane").getByRole("region", { name: "Approval gate" }).waitFor({ timeout: 30_000 });
    await p.locator("[data-run-link]").first().waitFor({ state: "attached" });
  };
  const chatTab = async (p: Page) => {
    await atGate(p);
    const tab = p.getByRole("tab", { name: "Chat" });
    if (await tab.isVisible()) await tab.click();
    await p.locator("[data-run-link]").first().waitFor();
  };
  for (const who of [page, viewer.page]) {
    await checkEveryView(who, `/sessions/${session.session_id}?run=${run_id}`, atGate);
    await checkEveryView(who, `/sessions/${session.session_id}?run=${run_id}`, chatTab);
  }
  await checkEveryView(page, "/mine", async (p) => {
    await p.locator('[data-status="waiting"]').first().waitFor();
  });
  await viewer.context.close();
});

test("the gateway page before connecting", async ({ page }) => {
  await checkEveryView(page, "/gateway", async (p) => {
    await heading(p);
    await p.getByLabel("API key").waitFor();
  });
});

test("the gateway page, connected, with a call in its list", async ({ page }) => {
  test.setTimeout(120_000);
  const key = await createApiKey(page.request, ["gateway", "subscribe:gateway"]);
  const call = await page.request.post("/api/v1/gateway/openai/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}`, "X-Parley-Agent": "Accessibility" },
    data: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }] },
  });
  expect(call.status()).toBe(200);
  await page.goto("/gateway");
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator('[role="status"][data-status="live"]').waitFor();
  // The key stays in the tab, so every view below reconnects by itself.
  await checkEveryView(page, "/gateway", async (p) => {
    await p.locator('[role="status"][data-status="live"]').waitFor();
    await p.getByTestId("recent-call").first().waitFor();
  });
});

test("the not-found and expired pages", async ({ page }) => {
  await checkEveryView(page, "/runs/run_0000000000000000000", heading);
  await checkEveryView(page, "/sessions/ses_00000000000000000000", heading);
  await checkEveryView(page, "/join?token=garbage", heading);
  await checkEveryView(page, "/no/such/page", heading);
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", { data: { title: "Short invites", display_name: "Olga" } });
  const { session_id } = (await created.json()) as { session_id: string };
  const invite = await page.request.post(`/api/v1/collaborate/${session_id}/invites`, {
    data: { role: "viewer", expires_in_s: 1 },
  });
  const { invite_token } = (await invite.json()) as { invite_token: string };
  await expect.poll(async () => (await page.request.get(`/join?token=${invite_token}`)).status(), { timeout: 10_000 }).toBe(410);
  await checkEveryView(page, `/join?token=${invite_token}`, heading);
});

test("a project's live jobs", async ({ page, request }) => {
  const key = await createApiKey(request);
  const project = `a11y-${Date.now()}`;
  const post = (body: unknown) =>
    request.post(`/api/stream/projects/${project}/events`, { headers: { Authorization: `Bearer ${key}` }, data: body });
  await post({
    type: "ingest.job.created",
    job: { id: "nightly-import-of-every-customer-record", source: "s3://a-rather-long/bucket/path" },
  });
  const minted = await request.post(`/api/v1/channels/project.${project}/tokens`, {
    headers: { Authorization: `Bearer ${key}` },
    data: {},
  });
  const { token } = (await minted.json()) as { token: string };
  await checkEveryView(page, `/projects/${project}?token=${encodeURIComponent(token)}`, async (p) => {
    await expect(p.getByTestId("job-row")).toHaveCount(1);
  });
});
