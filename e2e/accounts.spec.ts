// A vote is a person (issue 21): on a Parley with sign-in (a real OpenID Connect provider, oidc-provider,
// on loopback), two accounts vote at a gate of quorum 2; the same account signing in again in a fresh
// browser is still one voter; a guest in the session may not vote (the session counts accounts).
import { type Browser, expect, type Page, test } from "@playwright/test";
import { ACCOUNTS_URL } from "../playwright.config";
import { startRunAtGate } from "./support";

test.use({ baseURL: ACCOUNTS_URL });

const pane = (page: Page) => page.getByTestId("run-pane");
const gate = (page: Page) => pane(page).getByRole("region", { name: "Approval gate" });

/** A fresh browser signs in through the provider's own pages as `login` (the account <login>@example.test). */
async function signIn(browser: Browser, login: string) {
  const context = await browser.newContext({ baseURL: ACCOUNTS_URL });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks once per account and client whether to share the profile with Parley.
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible().catch(() => false)) await consent.click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { context, page };
}

/** Joins by the link: a guest types a name; an account joins under its profile's name (`name` null). */
async function joinByLink(page: Page, link: string, name: string | null) {
  await page.goto(link);
  if (name === null) await expect(page.getByText(/You join as/)).toBeVisible();
  else await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join session" }).click();
  await expect(page).toHaveURL(/\/sessions\//);
}

test("two accounts meet a quorum of 2; the same account again in a fresh browser adds no vote; a guest may not vote", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = Math.random().toString(36).slice(2, 8);
  const alice = await signIn(browser, `alice${suffix}`);
  await expect(alice.page.locator("header")).toContainText(`Alice${suffix}`);
  const created = await alice.page.request.post("/api/v1/collaborate", { data: { title: "Counting people" } });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { session_id: string; invite_url: string };

  const bob = await signIn(browser, `bob${suffix}`);
  await joinByLink(bob.page, session.invite_url, null);
  const guestContext = await browser.newContext({ baseURL: ACCOUNTS_URL });
  const guest = await guestContext.newPage();
  await joinByLink(guest, session.invite_url, "Gus the guest");

  const runId = await startRunAtGate(alice.page.request, {
    task: "Build a REST API",
    strategy: "pipeline",
    approval: "final",
    approval_quorum: 2,
    session_id: session.session_id,
  });
  const room = `/sessions/${session.session_id}?run=${runId}`;
  for (const p of [alice.page, bob.page, guest]) await p.goto(room);
  await expect(gate(bob.page)).toBeVisible({ timeout: 30_000 });

  await gate(bob.page)
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect(gate(alice.page).getByTestId("gate-tally")).toContainText("1 of 2 approvals");

  // Bob again, on another device: signing in finds him in the session already, and his vote is his one vote.
  const bobAgain = await signIn(browser, `bob${suffix}`);
  await bobAgain.page.goto(room);
  await expect(gate(bobAgain.page)).toBeVisible({ timeout: 30_000 });
  await gate(bobAgain.page)
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect(gate(alice.page).getByTestId("gate-tally")).toContainText("1 of 2 approvals");

  // The guest is in the room as an editor, but this session counts accounts: no vote.
  type Gate = { gate_id: string; decision: string | null; votes: { user_id: string }[] };
  const gates = async () => ((await (await alice.page.request.get(`/api/v1/runs/${runId}`)).json()) as { gates: Gate[] }).gates;
  const gateId = (await gates())[0]?.gate_id;
  const refused = await guest.request.post(`/api/v1/runs/${runId}/gates/${gateId}`, { data: { decision: "approve" } });
  expect(refused.status()).toBe(403);
  await expect(gate(guest).getByRole("button", { name: /^(Approve|Redirect|Reject)/ })).toHaveCount(0);
  await expect(gate(alice.page).getByTestId("gate-tally")).toContainText("1 of 2 approvals");

  // Alice's approval is the second person's: the gate is decided.
  await gate(alice.page)
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect.poll(async () => (await gates())[0]?.decision, { timeout: 30_000 }).toBe("approve");
  expect((await gates())[0]?.votes).toHaveLength(2);
  for (const c of [alice.context, bob.context, bobAgain.context, guestContext]) await c.close();
});

test("signing out turns the browser back into a guest", async ({ browser }) => {
  const { context, page } = await signIn(browser, `dora${Math.random().toString(36).slice(2, 8)}`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  const me = (await (await page.request.get("/api/v1/me")).json()) as { kind: string };
  expect(me.kind).toBe("guest");
  await context.close();
});
