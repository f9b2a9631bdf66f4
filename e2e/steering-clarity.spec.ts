// Steering a run together reads right the first time (issue 25): a viewer is shown only what a viewer
// may do; a gate says what each decision does and needs before anyone votes, counts the votes per
// decision, and reads two identical redirect instructions once; a run waiting at a gate says so — for
// whom, since when — in its header, the room's RUNS list and /mine; the run pane has room for its forms.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { guestJoins, startRunAtGate } from "./support";

const TASK = "Build a REST API with JWT auth";
const pane = (page: Page) => page.getByTestId("run-pane");
const gate = (scope: Page | ReturnType<Page["getByTestId"]>) => scope.getByRole("region", { name: "Approval gate" });

/** Olga's session with an editor (Eddie) and a viewer (Vera), and a pipeline run in it waiting at its first gate. */
async function sessionWithRunAtGate(page: Page, browser: Browser, quorum: number) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const created = await page.request.post("/api/v1/collaborate", { data: { title: "Steering, clearly", display_name: "Olga" } });
  const session = (await created.json()) as { session_id: string; invite_url: string };
  const viewerInvite = await page.request.post(`/api/v1/collaborate/${session.session_id}/invites`, { data: { role: "viewer" } });
  const { invite_url: viewerLink } = (await viewerInvite.json()) as { invite_url: string };
  const editor = await guestJoins(browser, session.invite_url, "Eddie");
  const viewer = await guestJoins(browser, viewerLink, "Vera");
  const runId = await startRunAtGate(page.request, {
    task: TASK,
    strategy: "pipeline",
    approval: "each_step",
    approval_quorum: quorum,
    session_id: session.session_id,
  });
  const room = `/sessions/${session.session_id}`;
  for (const p of [page, editor.page, viewer.page]) {
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.goto(`${room}?run=${runId}`);
    await expect(gate(pane(p))).toBeVisible({ timeout: 30_000 });
  }
  return { runId, room, editor, viewer, close: () => Promise.all([editor.context.close(), viewer.context.close()]) };
}

test("a viewer sees no Pause, Cancel or note box — in the room's pane and on the run's page — and the owner does", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { runId, viewer, close } = await sessionWithRunAtGate(page, browser, 1);
  await expect(pane(page).getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(pane(page).getByRole("button", { name: "Cancel" })).toBeVisible();
  for (const where of ["room", "run page"]) {
    if (where === "run page") await viewer.page.goto(`/runs/${runId}`);
    const scope = where === "room" ? pane(viewer.page) : viewer.page.locator("main");
    await expect(gate(scope), where).toBeVisible();
    await expect(scope.getByRole("button", { name: "Pause" }), where).toHaveCount(0);
    await expect(scope.getByRole("button", { name: "Cancel" }), where).toHaveCount(0);
    await expect(scope.getByRole("textbox", { name: "Note", exact: true }), where).toHaveCount(0);
    await expect(gate(scope).getByRole("button", { name: /^(Approve|Redirect|Reject)/ }), where).toHaveCount(0);
    await expect(gate(scope), where).toContainText("The session's editors and owner decide; you are watching.");
  }
  await close();
});

test("a gate says what each decision does and needs before anyone votes, counts each, and reads one redirect note once", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const { runId, editor, close } = await sessionWithRunAtGate(page, browser, 2);
  const rules = gate(pane(page)).getByTestId("gate-tally");
  // Before anyone votes: each decision, what it does, and how many votes it needs.
  await expect(rules.locator('[data-decision="approve"]')).toHaveText(/^Approve: 0 of 2 approvals — the run goes on/);
  await expect(rules.locator('[data-decision="redirect"]')).toHaveText(
    /^Redirect: 0 of 2 redirects — the agent writes its turn again with the instructions/,
  );
  await expect(rules.locator('[data-decision="reject"]')).toHaveText(
    /^Reject: 0 of 1 reject — one is enough: the run ends at once/,
  );
  await expect(gate(pane(page)).getByTestId("gate-waiting")).toContainText("no timeout");
  // The proposal reads as text, not Markdown source.
  await expect(gate(pane(page)).getByTestId("gate-proposal")).not.toContainText("##");

  // Olga redirects: the tally counts it under Redirect, by name, for everyone.
  await gate(pane(page)).getByRole("textbox", { name: "Redirect instruction" }).fill("Use SQLite instead");
  await gate(pane(page))
    .getByRole("button", { name: /^Redirect/ })
    .click();
  await expect(gate(pane(editor.page)).locator('[data-decision="redirect"]')).toContainText("1 of 2 redirects (Olga)");
  await expect(gate(pane(editor.page)).locator('[data-decision="approve"]')).toContainText("0 of 2 approvals");

  // Eddie asks the same thing: the gate is decided, and the agent reads the instruction once.
  await gate(pane(editor.page)).getByRole("textbox", { name: "Redirect instruction" }).fill("Use SQLite instead");
  await gate(pane(editor.page))
    .getByRole("button", { name: /^Redirect/ })
    .click();
  const people = pane(page).locator('[data-lane="people"]');
  await expect(people).toContainText("redirect by Olga, Eddie — “Use SQLite instead”", { timeout: 15_000 });
  const snapshot = (await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { gates: { note: string | null }[] };
  expect(snapshot.gates[0]?.note).toBe("Use SQLite instead");
  await close();
});

test("a run waiting at a gate says so, for whom and since when: header, the room's RUNS list and /mine", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { runId, viewer, close } = await sessionWithRunAtGate(page, browser, 1);
  for (const p of [page, viewer.page]) {
    const header = pane(p);
    await expect(header.locator('[data-status="waiting"]').first()).toHaveText("waiting for approval");
    await expect(header.locator('[data-status="running"]')).toHaveCount(0);
    await expect(header.getByTestId("run-waiting")).toContainText(
      /Waiting since .+ for the session's editors and owner to decide step 1 \(Architect\): 1 more approval, 1 more redirect or a reject\. No timeout/,
    );
    await expect(header.getByText("Remaining ≈")).toHaveCount(0);
    await expect(header.getByTestId("steps")).toHaveText("1/5 waits for approval");
  }
  // The room's RUNS list and /mine (Olga started it) say the same, without opening the run.
  const listed = page.locator(`aside li[data-run-id="${runId}"], #room-side-panel li[data-run-id="${runId}"]`).first();
  await expect(listed.locator('[data-status="waiting"]')).toHaveText("waiting for approval", { timeout: 15_000 });
  await expect(listed.getByTestId("waiting-note")).toContainText(
    /Step 1 \(Architect\) waits for the session's editors and owner since .+ · no timeout/,
  );
  await page.goto("/mine");
  const mine = page.locator(`li[data-run-id="${runId}"]`);
  await expect(mine.locator('[data-status="waiting"]')).toHaveText("waiting for approval");
  await expect(mine.getByTestId("waiting-note")).toContainText("Step 1 (Architect) waits");
  await close();
});

test("the room's run pane gives its forms room at 1,280 and 390 px: the note box is not cut", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { close } = await sessionWithRunAtGate(page, browser, 1);
  const note = pane(page).getByRole("textbox", { name: "Note", exact: true });
  // Side by side with the chat at 1,280 px, the run is the wider column.
  const paneBox = await pane(page).boundingBox();
  expect(paneBox?.width ?? 0).toBeGreaterThan(500);
  expect((await note.boundingBox())?.width ?? 0).toBeGreaterThan(250);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("tab", { name: "Run" }).click();
  expect((await note.boundingBox())?.width ?? 0).toBeGreaterThan(280);
  expect(
    (await gate(pane(page)).getByRole("textbox", { name: "Redirect instruction" }).boundingBox())?.width ?? 0,
  ).toBeGreaterThan(280);
  await close();
});
