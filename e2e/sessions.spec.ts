import { expect, type Page, test } from "@playwright/test";
import { guestJoins } from "./support";

async function ownerCreates(page: Page, title: string) {
  await page.goto("/");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your name").fill("Olga");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page).toHaveURL(/\/sessions\/ses_[0-9a-z]{20}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.locator('[role="status"][data-status="live"]').waitFor();
}

const messages = (page: Page) => page.locator("li[data-message-id]");

test("two people chat live, see each other online, and the owner's delete reaches the guest", async ({ page, browser }) => {
  await ownerCreates(page, "Design review");
  const editorLink = await page.getByLabel("editor invite link").inputValue();
  expect(editorLink).toContain("/join?token=");

  const guest = await guestJoins(browser, editorLink, "Gus");
  await expect(page.locator("li[data-user-id]", { hasText: "Gus" })).toHaveAttribute("data-online", "true");
  await expect(guest.page.locator("li[data-user-id]", { hasText: "Olga" })).toHaveAttribute("data-online", "true");

  await page.getByRole("textbox", { name: "Message" }).fill("Hello Gus");
  await page.keyboard.press("Enter");
  await expect(messages(guest.page).last()).toContainText("Hello Gus");

  await guest.page.getByRole("textbox", { name: "Message" }).fill("Hi Olga");
  await expect(page.getByText("Gus is typing…")).toBeVisible();
  await guest.page.getByRole("button", { name: "Send" }).click();
  await expect(messages(page).last()).toContainText("Hi Olga");
  await expect(messages(page)).toHaveCount(2);
  await expect(messages(guest.page)).toHaveCount(2);

  // A reload loses nothing and doubles nothing.
  await guest.page.reload();
  await expect(messages(guest.page)).toHaveCount(2);

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete session" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(guest.page.getByRole("heading", { name: "This session was deleted" })).toBeVisible();
  await guest.context.close();
});

test("a viewer link shows no composer, and says why", async ({ page, browser }) => {
  await ownerCreates(page, "Watch only");
  await page.getByRole("button", { name: "Create the viewer link" }).click();
  const viewerLink = await page.getByLabel("viewer invite link").inputValue();
  const viewer = await guestJoins(browser, viewerLink, "Vera");
  await expect(viewer.page.getByTestId("composer-note")).toContainText("You are a viewer");
  await expect(viewer.page.getByRole("textbox", { name: "Message" })).toHaveCount(0);

  await page.getByRole("textbox", { name: "Message" }).fill("Only I can write here");
  await page.keyboard.press("Enter");
  await expect(messages(viewer.page).last()).toContainText("Only I can write here");
  await viewer.context.close();
});

test("expired and revoked links get a clear page", async ({ page }) => {
  await page.goto("/join?token=not-a-real-token");
  await expect(page.getByRole("heading", { name: "This invite link is not valid" })).toBeVisible();
  await page.goto("/sessions/ses_aaaaaaaaaaaaaaaaaaaa");
  await expect(page.getByRole("heading", { name: "Session not found" })).toBeVisible();
});
