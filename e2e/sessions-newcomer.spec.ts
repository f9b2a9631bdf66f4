// A session room as a newcomer meets it: typing stops showing when the message arrives, roles read right,
// viewers are not asked to say hello, Copy turns back, messages render links and Markdown, the owner finds
// the room again from the header, deleting it says so, and removing someone offers to rotate their link.
import { expect, type Page, test } from "@playwright/test";
import { guestJoins } from "./support";

async function ownerCreates(page: Page, title: string) {
  await page.goto("/");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your name").fill("Olga");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page).toHaveURL(/\/sessions\/ses_[0-9a-z]{20}$/);
  await page.locator('[role="status"][data-status="live"]').waitFor();
}

test("typing shows while Gus types and clears the moment his message arrives", async ({ page, browser }) => {
  await ownerCreates(page, "Typing");
  const guest = await guestJoins(browser, await page.getByLabel("editor invite link").inputValue(), "Gus");
  await guest.page.getByRole("textbox", { name: "Message" }).fill("Hello Olga");
  await expect(page.getByTestId("typing")).toHaveText("Gus is typing…");
  await guest.page.keyboard.press("Enter");
  await expect(page.locator("li[data-message-id]").last()).toContainText("Hello Olga");
  // The indicator's own window is 5 s: it must go with the message, not after it.
  await expect(page.getByTestId("typing")).toHaveText("", { timeout: 1000 });
  await guest.context.close();
});

test("a viewer reads 'you are a viewer' and is not told to say hello; Remove says whom", async ({ page, browser }) => {
  await ownerCreates(page, "Roles");
  await page.getByRole("button", { name: "Create the viewer link" }).click();
  const viewer = await guestJoins(browser, await page.getByLabel("viewer invite link").inputValue(), "Vera");
  await expect(viewer.page.getByTestId("role-line")).toContainText("you are a viewer");
  await expect(viewer.page.getByTestId("no-messages")).toHaveText("No messages yet.");
  await expect(page.getByTestId("no-messages")).toHaveText("No messages yet. Say hello.");
  await expect(page.getByRole("button", { name: "Remove Vera" })).toBeVisible();
  await viewer.context.close();
});

test("Copy says Copied, then Copy again; messages render links and Markdown", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await ownerCreates(page, "Copy and Markdown");
  const copy = page.getByRole("button", { name: "Copy the editor link" });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  await expect(copy).toHaveText("Copy", { timeout: 4000 });

  await page.getByRole("textbox", { name: "Message" }).fill("See **the plan** at https://example.com/plan\n- one\n- two");
  await page.keyboard.press("Enter");
  const message = page.locator("li[data-message-id]").last().getByTestId("message-content");
  await expect(message.locator("strong")).toHaveText("the plan");
  await expect(message.getByRole("link", { name: "https://example.com/plan" })).toHaveAttribute(
    "href",
    "https://example.com/plan",
  );
  await expect(message.locator("li")).toHaveText(["one", "two"]);
  await expect(message).not.toContainText("**");
});

test("Copy says it could not copy when the browser refuses the clipboard", async ({ page }) => {
  // What a browser does when the page may not write the clipboard (permission denied, tab not focused).
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
  });
  await ownerCreates(page, "Copy refused");
  const copy = page.getByRole("button", { name: "Copy the editor link" });
  await copy.click();
  await expect(copy).toHaveText("Could not copy: copy it by hand");
  await expect(copy).toHaveText("Copy", { timeout: 8000 });
});

test("the owner finds the session again under My sessions & runs, and deleting it says so", async ({ page }) => {
  await ownerCreates(page, "Find me again");
  const url = page.url();
  await page.goto("/");
  await page.getByRole("link", { name: "My sessions & runs" }).click();
  await expect(page).toHaveURL(/\/mine$/);
  await page.getByRole("link", { name: "Find me again" }).click();
  await expect(page).toHaveURL(url);
  await page.locator('[role="status"][data-status="live"]').waitFor();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete session" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(
    page.getByRole("status").filter({ hasText: "The session “Find me again” was deleted for everyone." }),
  ).toBeVisible();
  await page.goto("/mine");
  await expect(page.getByRole("link", { name: "Find me again" })).toHaveCount(0);
});

test("removing someone suggests rotating the link they joined with; rotating it there shuts that link", async ({
  page,
  browser,
}) => {
  await ownerCreates(page, "Removing");
  await page.getByRole("button", { name: "Create the viewer link" }).click();
  const oldLink = await page.getByLabel("viewer invite link").inputValue();
  const viewer = await guestJoins(browser, oldLink, "Vera");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Remove Vera" }).click();
  const suggestion = page.getByRole("status").filter({ hasText: "Vera was removed" });
  await expect(suggestion).toContainText("The viewer link they joined with still lets anyone back in until you rotate it.");
  await suggestion.getByRole("button", { name: "Rotate the viewer link now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The viewer link was rotated" })).toBeVisible();
  // The invite panel shows the new link, and the old one no longer lets anyone in.
  await expect(page.getByLabel("viewer invite link")).not.toHaveValue(oldLink);
  expect((await page.request.get(oldLink)).status()).toBe(404);
  await viewer.context.close();
});
