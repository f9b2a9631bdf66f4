// The run page as a newcomer first meets it: pausing says so and stops the clock, a cancelled run counts
// what it spent, a budget stops the run with the bar full, Markdown renders, the demo debate argues the
// options the task names, and the task field counts, warns and submits with Ctrl+Enter.
import { expect, type Page, test } from "@playwright/test";

async function startFromHome(page: Page, task: string, options: { strategy?: string; budget?: string } = {}) {
  await page.goto("/");
  await page.getByLabel("Task").fill(task);
  if (options.strategy) await page.getByLabel("Strategy").selectOption(options.strategy);
  if (options.budget) await page.getByLabel("Budget (USD, optional)").fill(options.budget);
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[0-9a-z]{19}(?:[0-9a-z]{14})?$/);
  return page.url().split("/").pop() as string;
}

test("pause says it is pausing and stops the clock; cancel counts the partial turn and marks the rest skipped", async ({
  page,
}) => {
  await startFromHome(page, "Build a small job queue with retries", { strategy: "pipeline" });
  await expect(page.locator('[data-turn-status="running"] [data-testid="turn-text"]').first()).toContainText(/\w+/, {
    timeout: 15_000,
  });
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("control-pending")).toHaveText("Pausing after this turn…");
  await expect(page.locator('[data-status="paused"]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("control-pending")).toHaveText("");
  const frozen = await page.getByTestId("elapsed").textContent();
  expect(frozen).toContain("(paused)");
  // The clock ticks every 250 ms while a run goes: a second later it still says the same.
  await page.waitForTimeout(1000);
  await expect(page.getByTestId("elapsed")).toHaveText(frozen ?? "");

  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.locator('[data-turn-status="running"]').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-turn-status="running"] [data-testid="turn-text"]').first()).toContainText(/\w+ \w+/);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Cancelled" })).toBeVisible({ timeout: 15_000 });

  // What streamed is counted: in the header, on the stopped turn, and after a reload from the snapshot.
  const cancelledTurn = page.locator('[data-turn-status="cancelled"]');
  await expect(cancelledTurn).toHaveCount(1);
  await expect(cancelledTurn).not.toContainText(/\b0 tokens/);
  for (const view of ["live", "reloaded"]) {
    await expect(page.getByTestId("tokens"), view).not.toHaveText("0");
    await expect(page.getByTestId("cost"), view).not.toHaveText("$0.0000");
    await expect(page.getByTestId("lane-skipped").first(), view).toBeVisible();
    await expect(page.getByText("Waiting for its turn…"), view).toHaveCount(0);
    // A finished run shows no connection state (no "Reconnecting", no "Live").
    await expect(page.locator('[role="status"][data-status]'), view).toHaveCount(0);
    await page.reload();
  }
});

test("a budget of $0.0006 is accepted, stops the run with the bar full and says so", async ({ page }) => {
  await startFromHome(page, "Build a REST API with JWT auth", { strategy: "pipeline", budget: "0.0006" });
  await expect(page.getByRole("heading", { name: "Stopped: budget reached" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("budget")).toContainText("of $0.0006 — reached, run stopped");
  await expect(page.getByTestId("budget-bar")).toHaveAttribute("data-fraction", "1");
  await expect(page.getByText("budget_exceeded")).toHaveCount(0);
  await expect(page.locator('[data-status="failed"]')).toHaveCount(0);
  await expect(page.getByTestId("cost")).not.toHaveText("$0.0000");
});

test("the demo debate argues the options the task names; the verdict shows once, at the top, with export and share", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await startFromHome(page, "Should we use microservices or a monolith?", { strategy: "debate" });
  await expect(page.getByRole("heading", { name: /Completed in/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-lane="Proponent"]')).toContainText("for microservices");
  await expect(page.locator('[data-lane="Skeptic"]')).toContainText("for a monolith");
  await expect(page.getByText("I argue for it")).toHaveCount(0);
  await expect(page.getByTestId("verdict")).toHaveCount(1);
  await expect(page.getByTestId("summary")).toContainText(/Go ahead with (microservices|a monolith) now/);
  const outcome = page.getByRole("region", { name: "Outcome" });
  await expect(outcome.getByRole("link", { name: "Export Markdown" })).toBeVisible();
  await expect(outcome.getByRole("button", { name: "Copy this page's link" })).toBeVisible();
  // The outcome comes before the lanes.
  const outcomeTop = (await outcome.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  const laneTop = (await page.locator('[data-lane="Proponent"]').boundingBox())?.y ?? 0;
  expect(outcomeTop).toBeLessThan(laneTop);
  // Markdown is rendered: no literal ** anywhere, the round titles are bold.
  await expect(page.locator("main")).not.toContainText("**");
  await expect(page.locator('[data-lane="Proponent"] strong').first()).toContainText("Round 1");
  // Two debaters, two columns: no empty third one.
  const columns = await page
    .getByTestId("lanes")
    .evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(" ").filter(Boolean).length);
  expect(columns).toBe(2);
});

test("a pipeline's Markdown renders (no literal ### Usage), and the page follows the live turn", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 600 });
  await startFromHome(page, "Build a small job queue with retries", { strategy: "pipeline" });
  // While it runs, the turn being written stays on screen: the Reviewer's lane starts far below the fold.
  await expect(page.locator('[data-lane="Reviewer"] [data-turn-status="running"]')).toBeInViewport({ timeout: 60_000 });
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: /Completed in/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-lane="Documenter"]')).not.toContainText("###");
  await expect(page.locator('[data-lane="Documenter"] p.font-semibold', { hasText: "Usage" })).toBeVisible();
});

test("a long task shows a counter that warns near the limit, is clamped on the run page, and Ctrl+Enter submits", async ({
  page,
}) => {
  await page.goto("/");
  const task = page.getByLabel("Task");
  await task.fill("Plan the migration. ".repeat(190)); // 3,800 characters
  await expect(page.getByTestId("task-count")).toContainText("3,800 / 4,000 characters — 200 left");
  await task.press("Control+Enter");
  await expect(page).toHaveURL(/\/runs\/run_[0-9a-z]{19}(?:[0-9a-z]{14})?$/);
  const heading = page.getByTestId("run-task");
  await expect(heading).toHaveText(/…$/);
  expect((await heading.textContent())?.length).toBeLessThan(200);
  await page.getByRole("button", { name: /Show the whole task \(3,799 characters\)/ }).click();
  await expect(heading).toHaveText("Plan the migration. ".repeat(190).trim());
});

test("on a phone the live run keeps its figures in view while the page follows the turn, and ends on its outcome", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await startFromHome(page, "Build a small job queue with retries", { strategy: "pipeline" });
  // The Reviewer writes third: the page has followed it far below the run's header.
  await expect(page.locator('[data-lane="Reviewer"] [data-turn-status="running"]')).toBeInViewport({ timeout: 60_000 });
  await expect(page.locator('[data-lane="Reviewer"] [data-turn-status="running"] [data-testid="turn-text"]')).toContainText(
    /\w+ \w+ \w+/,
  );
  // Scrolled down to the turn being written, past the whole header (its title, its controls, the note box),
  // the steps, tokens and cost are still on screen.
  await expect(page.getByTestId("run-task")).not.toBeInViewport();
  await expect(page.getByRole("button", { name: "Send note" })).not.toBeInViewport();
  await expect(page.getByTestId("cost")).toBeInViewport();
  await expect(page.getByTestId("tokens")).toBeInViewport();
  // When the run ends, the reader who followed it is shown how it ended, not the bottom of the last lane.
  await expect(page.getByRole("region", { name: "Outcome" })).toBeInViewport({ timeout: 90_000 });
});

test("a task of only spaces is refused in words, before anything is sent", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Task").fill("   ");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByRole("region", { name: "Start a run" }).getByRole("alert")).toHaveText(
    "Write a task first: what should the agents work on?",
  );
  await expect(page).toHaveURL(/\/$/);
});
