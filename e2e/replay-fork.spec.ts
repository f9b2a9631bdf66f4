// A finished pipeline played back and forked, in light and dark, at 1,280 and 390 px: scrub to the start
// and the end with the keyboard, jump to a comment made after the run and to a turn, open that position
// from its link (paused there), play the rest at 16×; fork from the Reviewer's turn with an instruction,
// land on the fork, and compare it with its source — the Reviewer's lane marked as changed, the later
// lanes' figures side by side. axe-core finds nothing serious or critical, and nothing is wider than the screen.
import { createRequire } from "node:module";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function expectClean(page: Page, label: string) {
  expect(await seriousViolations(page), label).toEqual([]);
  expect(await overflow(page), `${label}: horizontal overflow (px)`).toBeLessThanOrEqual(0);
}

async function finished(request: APIRequestContext, runId: string) {
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/runs/${runId}`)).json()) as { run: { status: string } }).run.status, {
      timeout: 90_000,
    })
    .toBe("completed");
}

const VIEWS = [
  { width: 1280, height: 800, scheme: "light" },
  { width: 1280, height: 800, scheme: "dark" },
  { width: 390, height: 844, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
] as const;

const turns = (page: Page) => page.locator("article[data-turn-id]");
const position = (page: Page) => page.getByTestId("replay-position");
/** The comment where it is pinned: under its turn (the "Jump to" list names it too). */
const commentInLanes = (page: Page) => page.getByTestId("lanes").getByText("Clear plan, keep it");
const cursorOf = (page: Page) => new URL(page.url()).searchParams.get("t");

test("scrub a finished run, jump to a comment, fork from a turn and compare", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  const created = await page.request.post("/api/v1/runs", {
    data: { task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 5 },
  });
  const { run_id: runId } = (await created.json()) as { run_id: string };
  await finished(page.request, runId);
  const snapshot = (await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { turns: { turn_id: string }[] };
  const architect = snapshot.turns[0]?.turn_id;
  const comment = await page.request.post(`/api/v1/runs/${runId}/comments`, {
    data: { content: "Clear plan, keep it", anchor: { turn_id: architect } },
  });
  expect(comment.status()).toBe(201);
  let firstFork: string | null = null;

  for (const view of VIEWS) {
    const label = `${view.width} px, ${view.scheme}`;
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.emulateMedia({ colorScheme: view.scheme, reducedMotion: "reduce" });
    await page.goto(`/runs/${runId}`);
    await page.getByRole("button", { name: "▶ Replay this run" }).click();
    await expect(position(page)).toHaveText("At the end of the replay");

    // The keyboard on the slider: Home is the run before its first event, End the run as it ended.
    const slider = page.getByRole("slider", { name: "Replay position" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect(turns(page)).toHaveCount(0);
    await expect(commentInLanes(page)).toHaveCount(0);
    await page.keyboard.press("End");
    await expect(turns(page)).toHaveCount(5);

    // Jump to the comment (made after the run): it stands under the Architect's turn, and the link says where.
    const jump = page.getByLabel("Jump to");
    const option = jump.locator('optgroup[label="Comments"] option');
    await expect(option).toHaveCount(1);
    await expect(option).toContainText("Clear plan, keep it");
    await jump.selectOption((await option.getAttribute("value")) ?? "");
    await expect(commentInLanes(page)).toBeVisible();
    expect(cursorOf(page)).toMatch(/^\d+-\d+$/);

    // Jump to the Coder's turn: the Architect done, the Coder just started, the comment not made yet.
    await jump.selectOption({ label: "Coder's turn" });
    await expect(turns(page)).toHaveCount(2);
    await expect(page.locator('article[data-turn-status="running"]')).toHaveCount(1);
    await expect(commentInLanes(page)).toHaveCount(0);
    const coderAt = cursorOf(page);
    const coderPosition = await position(page).textContent();
    await expectClean(page, `replay, ${label}`);

    // The link opens there, paused; playing at 16× reaches the end.
    await page.goto(`/runs/${runId}?t=${coderAt}`);
    await expect(position(page)).toHaveText(coderPosition ?? "");
    await expect(turns(page)).toHaveCount(2);
    await page.getByRole("button", { name: "16×" }).click();
    await page.getByRole("button", { name: "Play the replay" }).click();
    await expect(position(page)).toHaveText("At the end of the replay", { timeout: 30_000 });
    await expect(turns(page)).toHaveCount(5);
    await page.getByRole("button", { name: "Close replay" }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

    // Fork from the Reviewer's turn (the third) with an instruction: the fork opens, linked to its source.
    await page.getByRole("button", { name: "Fork from here" }).nth(2).click();
    await page.getByLabel("Instruction for Reviewer").fill("Check the token expiry too");
    await page.getByRole("button", { name: "Fork the run" }).click();
    // The fork point's agent shows once the fork's first live turn has started.
    await expect(page.getByTestId("forked-from")).toContainText(`Forked from ${runId} at Reviewer’s turn`, { timeout: 30_000 });
    const forkId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    expect(forkId).not.toBe(runId);
    if (!firstFork) {
      firstFork = forkId;
      await finished(page.request, forkId);
    }

    // Compare the source with the first fork (finished): the Reviewer's lane differs by the instruction.
    await page.goto(`/runs/${runId}/compare?with=${firstFork}`);
    const reviewer = page.locator('[data-testid="compare-lane"][data-agent="Reviewer"]');
    await expect(reviewer.getByTestId("lane-change")).toHaveText("the text differs");
    await expect(reviewer.getByTestId("lane-fork").locator("ins")).toContainText("Check the token expiry too");
    await expect(page.getByTestId("compare-lane")).toHaveCount(3);
    await expect(page.getByTestId("compare-fork").getByTestId("compare-verdict")).toContainText("Verdict:");
    await expectClean(page, `compare, ${label}`);
  }

  // The source lists its forks, each with a link to compare.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("fork-item")).toHaveCount(VIEWS.length);
});

test("someone outside the session replays a shared run through its link, and cannot fork it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const session = (await (await page.request.post("/api/v1/collaborate", { data: { title: "Shared replay" } })).json()) as {
    session_id: string;
  };
  const created = await page.request.post("/api/v1/runs", {
    data: {
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      agents: ["Architect", "Coder"],
      session_id: session.session_id,
    },
  });
  const { run_id: runId } = (await created.json()) as { run_id: string };
  await finished(page.request, runId);
  const link = (await (await page.request.post(`/api/v1/runs/${runId}/share-links`, { data: {} })).json()) as { url: string };

  const outsider = await browser.newContext();
  const theirs = await outsider.newPage();
  const shared = new URL(link.url);
  await theirs.goto(`${shared.pathname}${shared.search}`);
  await theirs.getByRole("button", { name: "▶ Replay this run" }).click();
  await theirs.getByRole("slider", { name: "Replay position" }).focus();
  await theirs.keyboard.press("Home");
  await expect(turns(theirs)).toHaveCount(0);
  // The position joins the link's token in the address: the link still opens the run at that moment.
  const url = new URL(theirs.url());
  expect([url.searchParams.get("share"), url.searchParams.get("t")]).toEqual([shared.searchParams.get("share"), "0-0"]);
  await theirs.keyboard.press("End");
  await expect(turns(theirs)).toHaveCount(2);
  await expect(theirs.getByRole("button", { name: "Fork from here" })).toHaveCount(0);
  await outsider.close();
});

test("a live run scrubbed back shows its first turn alone, and one click returns to it live", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const created = await page.request.post("/api/v1/runs", {
    data: { task: "Build a REST API with JWT auth", strategy: "pipeline" },
  });
  const { run_id: runId } = (await created.json()) as { run_id: string };
  await page.goto(`/runs/${runId}`);
  await expect(turns(page)).toHaveCount(2, { timeout: 60_000 });
  await page.getByRole("button", { name: "◀ Scrub back through the run so far" }).click();
  await page.getByLabel("Jump to").selectOption({ label: "Architect's turn" });
  await expect(turns(page)).toHaveCount(1);
  expect(cursorOf(page)).toMatch(/^\d+-\d+$/);
  await page.getByRole("button", { name: "Back to live" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect.poll(() => turns(page).count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("replay-open")).toBeVisible();
});
