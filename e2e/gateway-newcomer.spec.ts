// The LLM gateway tried from the browser alone (issue 25): the keys page offers the gateway's scopes
// (this server has only the demo model, so keys made there may use it), and /gateway — connected with
// that key by itself — makes a demo call in one click and shows it live: its text and estimated cost
// while it streams, then its tokens, cost and latency.
import { expect, test } from "@playwright/test";

test("make a gateway key on the keys page, then call the gateway from /gateway and watch the call live", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/keys");
  const gatewayScope = page.getByRole("checkbox", { name: /Call models through the LLM gateway/ });
  await expect(gatewayScope).toBeEnabled();
  await expect(page.locator("#gateway-scope-help")).toContainText(
    "Only the built-in demo model answers here: calls cost nothing.",
  );
  await page.getByLabel("Name").fill("trying the gateway");
  await gatewayScope.check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-key-gateway")).toContainText("/api/v1/gateway/openai/v1/chat/completions");
  const row = page.locator("li[data-key-id]").filter({ hasText: "trying the gateway" });
  await expect(row).toContainText("gateway · subscribe:gateway");
  // The form is ready for the next key: its name and ticks are back to how they started.
  await expect(page.getByLabel("Name")).toHaveValue("");
  await expect(gatewayScope).not.toBeChecked();

  // The gateway page connects with the key this tab just made; one click makes a call through it.
  await page.getByTestId("new-key-gateway").getByRole("link", { name: "open the gateway page" }).click();
  await expect(page).toHaveURL(/\/gateway$/);
  await page.locator('[role="status"][data-status="live"]').waitFor();
  await page.getByRole("button", { name: "Make a demo call" }).click();
  const live = page.getByTestId("active-call").filter({ hasText: "Demo call from the browser" });
  await expect(live.getByTestId("call-text")).toHaveText(/\S{3,}/, { timeout: 15_000 });
  // While it streams, its cost moves with the text, and says it is an estimate.
  await expect(live.getByTestId("call-estimate")).toContainText(/out ≈ \d+ tokens · ≈ \$[\d.]+ so far \(estimate\)/);
  const recent = page.getByTestId("recent-call").filter({ hasText: "Demo call from the browser" });
  await expect(recent).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(recent.getByTestId("call-cost")).toHaveText(/^\$0\.\d+$/);
  await expect(page.getByTestId("demo-call-status")).toContainText("Done");
  await expect(page.getByRole("table", { name: "By agent" })).toContainText("Demo call from the browser");
});
