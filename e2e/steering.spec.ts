// Three people steer one run together in a session's room: the owner starts it with each-step approval
// and nobody leaves the room; the editor's note reaches the next agent; owner and editor approve; the
// viewer sees the gate without vote buttons, and the viewer's comment appears for the other two in place.
import { expect, type Page, test } from "@playwright/test";
import { guestJoins } from "./support";

const pane = (page: Page) => page.getByTestId("run-pane");
const gate = (page: Page) => pane(page).getByRole("region", { name: "Approval gate" });

test("owner, editor and viewer steer one run in the room", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await page.getByLabel("Title").fill("Steering together");
  await page.getByLabel("Your name").fill("Olga");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page).toHaveURL(/\/sessions\/ses_[0-9a-z]{20}$/);
  const roomUrl = page.url();
  const editorLink = await page.getByLabel("editor invite link").inputValue();
  await page.getByRole("button", { name: "Create the viewer link" }).click();
  const viewerLink = await page.getByLabel("viewer invite link").inputValue();
  const editor = await guestJoins(browser, editorLink, "Eddie");
  const viewer = await guestJoins(browser, viewerLink, "Vera");
  for (const p of [editor.page, viewer.page]) await p.setViewportSize({ width: 1400, height: 900 });

  await page.getByText("Start a run everyone here watches").click();
  await page.getByLabel("Task").fill("Build a REST API with JWT auth");
  await page.locator(`select[name="approval"]`).selectOption("each_step");
  await page.getByLabel("Approvals needed").fill("2");
  await page.getByRole("button", { name: "Start run" }).click();
  // The form folds away and says where the run went; opened again it has an empty task and the same options.
  await expect(page.getByTestId("run-started")).toHaveText("Run started: it opened in the room for everyone here.");
  await expect(page.getByLabel("Task")).toBeHidden();
  await page.getByText("Start a run everyone here watches").click();
  await expect(page.getByLabel("Task")).toHaveValue("");
  await expect(page.getByTestId("task-count")).toContainText("0 / 4,000 characters");
  await expect(page.locator(`select[name="approval"]`)).toHaveValue("each_step");
  await page.getByText("Start a run everyone here watches").click();

  // Nobody leaves the room: the run opens in its pane for all three, and the RUNS list has it.
  for (const p of [page, editor.page, viewer.page]) {
    await expect(pane(p)).toBeVisible();
    expect(p.url().startsWith(roomUrl)).toBe(true);
    await expect(
      p.getByRole("region", { name: "Runs" }).or(p.locator("aside")).getByText("Build a REST API with JWT auth").first(),
    ).toBeVisible();
  }
  await expect(gate(page)).toBeVisible({ timeout: 30_000 });
  // Who is watching now: the three of them, by name (each sees themselves as "you").
  await expect(pane(page).getByTestId("watching-now")).toHaveText(/Watching now: .*you/);
  await expect(pane(page).getByTestId("watching-now")).toContainText("Eddie");
  await expect(pane(page).getByTestId("watching-now")).toContainText("Vera");
  await expect(pane(viewer.page).getByTestId("watching-now")).toContainText("Olga");

  // The editor's note, then owner and editor approve (two needed).
  await pane(editor.page).getByLabel("Note", { exact: true }).fill("Use PostgreSQL for the sessions table");
  await pane(editor.page).getByRole("button", { name: "Send note" }).click();
  // Where it was typed, the editor sees it went.
  await expect(pane(editor.page).getByTestId("note-sent")).toHaveText(
    "Note sent to every agent: each reads it in their next turn.",
  );
  await expect(pane(page).locator('[data-lane="people"]')).toContainText("Use PostgreSQL for the sessions table");
  await gate(page)
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect(gate(editor.page).getByTestId("gate-tally")).toContainText("1 of 2 approvals");
  await gate(editor.page)
    .getByRole("button", { name: /^Approve/ })
    .click();

  // The next agent (the Coder) takes the note into account, visibly.
  const coder = (p: Page) => pane(p).locator('[data-lane="Coder"]');
  await expect(coder(viewer.page).getByTestId("note-read")).toContainText("Use PostgreSQL for the sessions table", {
    timeout: 30_000,
  });
  await expect(coder(viewer.page).getByTestId("turn-text")).toContainText("Taking Eddie's note into account", {
    timeout: 30_000,
  });

  // At the Coder's gate the viewer sees the gate, without vote buttons.
  await expect(gate(viewer.page)).toContainText("step 2, Coder", { timeout: 30_000 });
  // (The gate's only button for a viewer unfolds the whole proposal.)
  await expect(gate(viewer.page).getByRole("button", { name: /^(Approve|Redirect|Reject)/ })).toHaveCount(0);
  await expect(gate(editor.page).getByRole("button", { name: /^Approve/ })).toBeVisible();

  // The viewer's comment on the Architect's turn appears for the other two, in place.
  const architect = (p: Page) => pane(p).locator('[data-lane="Architect"]');
  await architect(viewer.page).getByRole("button", { name: "Comment" }).click();
  await architect(viewer.page).getByRole("textbox", { name: "Comment" }).fill("Love the token rotation");
  await architect(viewer.page).getByRole("button", { name: "Post" }).click();
  for (const p of [page, editor.page]) await expect(architect(p)).toContainText("Vera: Love the token rotation");

  await editor.context.close();
  await viewer.context.close();
});
