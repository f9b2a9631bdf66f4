import { expect, test } from "@playwright/test";

// The agents page: a person saves an agent, gives it a task, watches the task's run, changes and deletes the
// agent; the built-in roles are listed and cannot be changed; another browser does not see the agent.
test("save an agent, start a task on it and watch its run, edit and delete it", async ({ page, browser }) => {
  await page.goto("/agents");
  const form = page.getByRole("form", { name: "New agent" });
  await form.getByLabel("Name").fill("Researcher");
  await form.getByLabel("Instructions").fill("You are a helpful assistant. Cite your sources.");
  await form.getByLabel(/Tools/).fill("web_search, calculator");
  await form.getByRole("button", { name: "Save agent" }).click();
  const card = page.getByRole("listitem", { name: "Researcher" });
  await expect(card).toContainText("tools: web_search, calculator");
  await expect(page.getByRole("listitem", { name: "Architect" })).toContainText("built-in");
  await expect(page.getByRole("button", { name: "Edit Architect" })).toHaveCount(0);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/agents");
  await expect(otherPage.getByText("No agents of your own yet.")).toBeVisible();
  await other.close();

  await card.getByLabel("Task for Researcher").fill("Explain quantum computing in simple terms");
  await card.getByRole("button", { name: "Start task" }).click();
  await card.getByRole("link", { name: "watch its run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByRole("heading", { name: "Explain quantum computing in simple terms" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Outcome" })).toBeVisible({ timeout: 60_000 });

  await page.goto("/agents");
  await page.getByRole("button", { name: "Edit Researcher" }).click();
  await page.getByRole("form", { name: "Edit Researcher" }).getByLabel("Name").fill("Librarian");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "Librarian" })).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete Librarian" }).click();
  await expect(page.getByText("No agents of your own yet.")).toBeVisible();
});
