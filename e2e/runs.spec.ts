import { expect, test } from "@playwright/test";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toString as markdownText } from "mdast-util-to-string";

const plain = (s: string | null) =>
  (s ?? "")
    .replace(/\*\*/g, "")
    .replace(/```[^\n]*\n?/g, "")
    .replace(/\s+/g, " ")
    .trim();

test("start a debate, watch two lanes stream, reload mid-run, and see the verdict and cost", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Task").fill("Should we adopt event sourcing for orders?");
  await page.getByLabel("Strategy").selectOption("debate");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[0-9a-z]{33}$/);
  const runId = page.url().split("/").pop() as string;

  // Tokens appear in two lanes, while they stream.
  await expect(page.locator('[data-lane="Proponent"] [data-testid="turn-text"]').first()).toContainText("Round 1", {
    timeout: 15_000,
  });
  const skepticRunning = page.locator('[data-lane="Skeptic"] [data-turn-status="running"] [data-testid="turn-text"]');
  await expect(skepticRunning).toContainText(/\w+/, { timeout: 20_000 });
  await expect(page.getByText("demo model")).toBeVisible();

  // Reload in the middle of a turn: its text comes back and carries on from where it was.
  const running = page.locator('[data-turn-status="running"]').first();
  await expect(running.getByTestId("turn-text")).toContainText(/\w+ \w+/);
  const turnId = await running.getAttribute("data-turn-id");
  const before = plain(await running.getByTestId("turn-text").textContent());
  await page.reload();
  const again = page.locator(`[data-turn-id="${turnId}"] [data-testid="turn-text"]`);
  await expect.poll(async () => plain(await again.textContent()).startsWith(before), { timeout: 10_000 }).toBe(true);

  // The judge rules, naming the side it chose; the cost is counted.
  await expect(page.getByTestId("verdict")).toContainText(/Decision: event sourcing \(confidence \d+\/10\)/, {
    timeout: 60_000,
  });
  await expect(page.getByRole("heading", { name: /Completed in/ })).toBeVisible();
  await expect(page.getByTestId("cost")).not.toHaveText("$0.0000");

  // Nothing was lost or doubled: every lane shows exactly the text the run stored.
  const snapshot = (await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as {
    turns: { turn_id: string; text: string }[];
  };
  expect(snapshot.turns).toHaveLength(5);
  // The page renders the stored Markdown: compare the characters a reader sees, in order, spacing aside.
  const letters = (s: string | null) => (s ?? "").replace(/\s+/g, "");
  for (const t of snapshot.turns) {
    expect(letters(await page.locator(`[data-turn-id="${t.turn_id}"] [data-testid="turn-text"]`).textContent())).toBe(
      letters(markdownText(fromMarkdown(t.text))),
    );
  }
});

test("a finished run renders the same from its snapshot, and can be cancelled only while it runs", async ({ page, request }) => {
  const created = await request.post("/api/v1/runs", {
    data: { task: "What is the fastest way to sort 10 numbers?", strategy: "race" },
  });
  const { run_id } = (await created.json()) as { run_id: string };
  await page.goto(`/runs/${run_id}`);
  await expect(page.getByTestId("verdict")).toContainText("answered first", { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("verdict")).toContainText("answered first");
  await expect(page.locator('[data-turn-status="completed"]')).toHaveCount(1);
  await expect(page.locator('[data-turn-status="cancelled"]')).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
});
