// A newcomer without a terminal: a key made on the keys page, the console connected with it, a test
// event sent and seen; the same key used by the `parley` CLI, and refused once revoked in the browser.
import { expect, test } from "@playwright/test";
import { parley, parleyToEnd } from "../tests/support/cli";

test("create a key in the browser, watch a test event in the console and in the CLI, revoke it", async ({ page, baseURL }) => {
  const channel = `e2e-keys-${test.info().workerIndex}-${Date.now()}`;
  await page.goto("/");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await page.getByLabel("Name").fill("my laptop");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent()) ?? "";
  expect(key).toMatch(/^pk_[A-Za-z0-9_-]{40,}$/);
  const row = page.locator("li[data-key-id]").filter({ hasText: "my laptop" });
  await expect(row).toContainText("publish:* · subscribe:*");
  await expect(row.getByTestId("key-usage")).toContainText("last used never");
  // Shown once: after a reload only its prefix is left.
  await page.reload();
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText(key);

  // The CLI with the key alone follows the channel.
  const tail = parley(["tail", channel, "--server", baseURL ?? ""], { env: { PARLEY_API_KEY: key } });
  try {
    // The console uses the key made in this tab: no pasting, no terminal.
    await page.goto(`/channels/${channel}`);
    await page.locator('[role="status"][data-status="live"]').waitFor();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect(page.locator("li[data-event-id]").first()).toContainText("console.test");
    // A channel stream starts from now: once the CLI is following, the next test event reaches it too.
    await tail.waitFor(({ stderr }) => stderr.includes(`Following ${channel}`), 20_000);
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Send a test event" }).click();
          return tail.stdout().includes("console.test");
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(true);
  } finally {
    tail.kill();
  }

  await page.goto("/keys");
  await expect(page.locator("li[data-key-id]").filter({ hasText: "my laptop" }).getByTestId("key-usage")).not.toContainText(
    "last used never",
  );
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke my laptop" }).click();
  await expect(page.locator("li[data-key-id]").filter({ hasText: "my laptop" })).toContainText("revoked");
  const refused = await parleyToEnd(["tail", channel, "--server", baseURL ?? ""], { env: { PARLEY_API_KEY: key } });
  expect(refused.code).toBe(3);
  expect(refused.stderr).toContain("The API key is not valid or has been revoked");
});

test("the home page's curl uses this server's origin, and a bad channel name says why", async ({ page, baseURL }) => {
  await page.goto("/");
  await expect(page.getByTestId("curl-example")).toContainText(`curl -X POST ${baseURL}/api/v1/channels/demo/events`);
  await page.getByLabel("Channel name").fill("my channel!");
  await page.getByRole("button", { name: "Open console" }).click();
  await expect(page.locator("#channel-name-help")).toHaveText(
    "space, “!” cannot be in a channel name: use a–z, 0–9, “_”, “.” and “-”.",
  );
  await expect(page).toHaveURL(/\/$/);
});
