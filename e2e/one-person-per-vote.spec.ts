// A vote is a person (issue 21, the part that holds whatever the identity): someone who joins after a gate
// opened — a second browser on the editor link, say — is not offered the vote on it, and a one-person link
// made in the room's invite panel lets one person in, once.
import { expect, type Page, test } from "@playwright/test";
import { guestJoins, startRunAtGate } from "./support";

const pane = (page: Page) => page.getByTestId("run-pane");
const gate = (scope: ReturnType<Page["getByTestId"]>) => scope.getByRole("region", { name: "Approval gate" });
const voteButtons = /^(Approve|Redirect|Reject)/;

test("an editor who joins after the gate opened sees no vote buttons on it; the owner does", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", { data: { title: "Late joiner", display_name: "Olga" } });
  const session = (await created.json()) as { session_id: string; invite_url: string };
  const runId = await startRunAtGate(page.request, {
    task: "Build a REST API",
    strategy: "pipeline",
    approval: "final",
    approval_quorum: 2,
    session_id: session.session_id,
  });
  // The gate is open; only now does the editor link get opened, in a browser of its own.
  const late = await guestJoins(browser, session.invite_url, "Eddie again");
  const room = `/sessions/${session.session_id}?run=${runId}`;
  for (const p of [page, late.page]) {
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.goto(room);
    await expect(gate(pane(p))).toBeVisible({ timeout: 30_000 });
  }
  await expect(gate(pane(page)).getByRole("button", { name: voteButtons })).toHaveCount(3);
  await expect(gate(pane(late.page)).getByRole("button", { name: voteButtons })).toHaveCount(0);
  await expect(gate(pane(late.page)).getByTestId("gate-joined-after")).toHaveText(/You joined after this gate opened/);
  // An editor all the same: the note box is theirs.
  await expect(pane(late.page).getByRole("textbox", { name: "Note", exact: true })).toBeVisible();
  await late.context.close();
});

test("a one-person link from the invite panel admits one person; the next browser is told it was used (410)", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", { data: { title: "One seat", display_name: "Olga" } });
  const session = (await created.json()) as { session_id: string };
  await page.goto(`/sessions/${session.session_id}`);
  await page.getByLabel("Role of the one-person link").selectOption("editor");
  await page.getByRole("button", { name: "Create a one-person link" }).click();
  const link = await page.getByLabel("Link for one editor").inputValue();
  expect(link).toContain("/join?token=");
  const una = await guestJoins(browser, link, "Una");
  const other = await browser.newContext();
  const second = await other.newPage();
  const res = await second.goto(link);
  expect(res?.status()).toBe(410);
  await expect(second.getByText("This invite link has been used")).toBeVisible();
  await Promise.all([una.context.close(), other.close()]);
});
