// `parley login`'s browser half in real Chromium: the terminal's code on the page, Allow, and the key the
// terminal then collects — listed on this browser's keys page, whose owner it names.
import { expect, test } from "@playwright/test";

test("a terminal's login is allowed on its page, and its key is this browser's", async ({ page }) => {
  await page.goto("/keys");
  await expect(page.getByTestId("key-owner")).toContainText("this browser (guest)");
  const started = await page.request.post("/api/v1/cli/login", { data: { client_name: "e2e-host" } });
  expect(started.status()).toBe(201);
  const login = (await started.json()) as {
    device_code: string;
    user_code: string;
    verification_uri_complete: string;
    interval: number;
  };

  // Typed by hand, in lower case, on the bare page.
  await page.goto("/cli/login");
  await page.getByLabel("Code").fill(login.user_code.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("user-code")).toHaveText(login.user_code);
  await expect(page.locator("main")).toContainText("parley CLI on e2e-host");

  const token = () => page.request.post("/api/v1/cli/login/token", { data: { device_code: login.device_code } });
  expect((await token()).status()).toBe(428);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("status")).toContainText("Allowed");

  await expect
    .poll(async () => (await token()).status(), { intervals: [login.interval * 1000 + 100], timeout: 30_000 })
    .toBe(200);
  await page.goto("/keys");
  await expect(page.locator("li[data-key-id]").filter({ hasText: "parley CLI on e2e-host" })).toContainText("subscribe:*");
});
