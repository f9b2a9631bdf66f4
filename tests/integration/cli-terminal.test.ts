// The terminal client in a real terminal (tmux): the live dashboard with a panel per agent and the final
// summary, Ctrl-C that cancels or detaches and leaves the terminal usable, and sending chat messages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";
import { ofType, runStream } from "@/tests/support/steering";
import { hasTmux, openTerminal, type Terminal } from "@/tests/support/tmux";

if (!hasTmux()) {
  throw new Error("These tests drive a real terminal through tmux: install it (apt-get install tmux). `npm test` does.");
}

let server: TestServer;
let term: Terminal | null = null;
const parley = "node bin/parley.mjs";

beforeAll(async () => {
  // Slow enough to watch the tokens stream and press Ctrl-C mid-run.
  server = await startServer({ env: { PARLEY_DEMO_TOKEN_MS: "15", PARLEY_TRUST_USER_HEADER: "true" } });
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => {
  term?.close();
  term = null;
});

function terminal(width = 120, height = 40) {
  term = openTerminal({ width, height, cwd: process.cwd(), env: { PARLEY_URL: server.url } });
  return term;
}

/** The terminal still works as a terminal: the cursor shows, typed input echoes, the line discipline is back. */
async function expectUsable(t: Terminal) {
  expect(t.pane("cursor_flag")).toBe("1");
  t.type("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; echo typed-$((40 + 2))");
  const screen = await t.waitFor(/^typed-42$/m);
  expect(screen).toMatch(/^icanon$/m);
  expect(screen).toMatch(/^echo$/m);
}

describe("the dashboard in a real terminal", () => {
  it("shows a panel per agent as they work, then the final summary (npx parley, exit 0)", async () => {
    const t = terminal();
    t.type(`npx parley run "Build a REST API with JWT auth" --strategy pipeline --seed 3; echo "EXIT=$?"`);
    // Live: panels with role and model, one agent writing, the progress bar with its step count.
    // The turn being written: its output so far and its cost, marked as estimates.
    const live = await t.waitFor(/● live[\s\S]*● writing… · out ≈[1-9]\d* tok · ≈\$0\.\d+/);
    expect(live).toMatch(/parley · run_\w+ · pipeline · demo model · running +● live/);
    expect(live).toMatch(/┌ Architect · architect: designs the solution ─+ demo ┐/);
    expect(live).toMatch(/┌ Documenter · documenter: writes the docs ─+ demo ┐/);
    expect(live).toMatch(/━*─* {2}step \d\/5 · \d:\d\d elapsed/);
    expect(live).toContain("Ctrl-C: cancel the run or detach");

    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=0");
    expect(end).toMatch(/✓ Run completed in \d:\d\d · pipeline · demo model/);
    expect(end).toMatch(/Verdict: VERDICT: PASS/);
    expect(end).toMatch(/Tokens [\d,]+ \(in [\d,]+ · out [\d,]+\) · cost \$0\.\d+/);
    expect(end).toMatch(/step 5\/5/);
    for (const agent of ["Architect", "Coder", "Reviewer", "Refiner", "Documenter"])
      expect(end).toMatch(new RegExp(`┌ ${agent} · `));
    expect(end.match(/✓ done/g)?.length).toBeGreaterThanOrEqual(5);
    await expectUsable(t);
  });

  it("adapts to a narrow terminal: one column of panels, nothing wider than the screen", async () => {
    const t = terminal(60, 30);
    t.type(`${parley} run "Tabs or spaces?" --strategy debate --rounds 1; echo "EXIT=$?"`);
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=0");
    for (const line of end.split("\n")) expect([...line].length).toBeLessThanOrEqual(60);
    expect(end).toMatch(/┌ Proponent · debater ─+ demo ┐\n/);
    expect(end).toMatch(/✓ Run completed/);
  });

  it("Ctrl-C asks; y cancels the run (exit 1) and leaves the terminal usable", async () => {
    const t = terminal();
    t.type(`${parley} run "Tabs vs spaces" --strategy debate --rounds 5; echo "EXIT=$?"`);
    await t.waitFor(/● writing…/);
    t.keys("C-c");
    const asked = await t.waitFor(/Cancel run (run_\w+)\? \[y\/N\]/);
    const runId = /Cancel run (run_\w+)\?/.exec(asked)![1]!;
    t.keys("y");
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=1");
    expect(end).toMatch(/■ Run cancelled/);
    const snapshot = (await (await fetch(`${server.url}/api/v1/runs/${runId}`)).json()) as { run: { status: string } };
    expect(snapshot.run.status).toBe("cancelled");
    await expectUsable(t);
  });

  it("Ctrl-C then n detaches (exit 130): the run goes on to the end", async () => {
    const t = terminal();
    t.type(`${parley} run "Tabs vs spaces" --strategy debate --rounds 3; echo "EXIT=$?"`);
    await t.waitFor(/● writing…/);
    t.keys("C-c");
    await t.waitFor(/\[y\/N\]/);
    t.keys("n");
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=130");
    const runId = /Detached from run (run_\w+); it goes on\. Attach again: parley watch run_\w+/.exec(end)?.[1];
    expect(runId).toBeDefined();
    const events = await watchToEnd(server, runId!);
    expect(events.at(-1)?.type).toBe("run.completed");
    await expectUsable(t);
  });
});

describe("a replay in a real terminal", () => {
  it("plays a finished run back through the dashboard; Ctrl-C stops it (exit 130), and at speed it ends with the summary", async () => {
    const res = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 3 }),
    });
    const { run_id: runId } = (await res.json()) as { run_id: string };
    await watchToEnd(server, runId);
    const t = terminal();
    t.type(`${parley} replay ${runId}; echo "EXIT=$?"`);
    // Mid-replay the dashboard shows the run as it was: an agent writing, the others waiting.
    const mid = await t.waitFor(/● writing… · out ≈[1-9]\d* tok/);
    expect(mid).toContain("Replay at 1× — Ctrl-C stops it");
    t.keys("C-c");
    const stopped = await t.waitFor(/EXIT=\d+/);
    expect(stopped).toContain(`Stopped the replay of run ${runId}.`);
    expect(stopped).toContain("EXIT=130");
    await expectUsable(t);
    t.type("clear");
    t.type(`${parley} replay ${runId} --speed 1000; echo "EXIT=$?"`);
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=0");
    expect(end).toMatch(/✓ Run completed in \d:\d\d · pipeline · demo model/);
  });
});

describe("a session in a real terminal", () => {
  it("an editor types a message at the prompt; it is sent and comes back from the stream", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "Terminal chat", display_name: "Ada" })).body as { session_id: string };
    const t = terminal();
    t.type(`${parley} session ${created.session_id} --user-id ${owner.id}; echo "EXIT=$?"`);
    await t.waitFor(/Terminal chat · 1 participant\(s\) · you are owner\n> ?$/m);
    t.type("hello from the terminal");
    await t.waitFor(/Ada \(you\): hello from the terminal/);
    const history = await owner.history(created.session_id);
    expect(history.body.messages.map((m: { content: string }) => m.content)).toContain("hello from the terminal");
    // Someone else's message appears above the prompt, without eating what is being typed.
    t.type("half-typed", { enter: false });
    await owner.say(created.session_id, "a message from the browser");
    const screen = await t.waitFor(/a message from the browser\n> half-typed/);
    expect(screen).not.toMatch(/half-typed.*a message/);
    t.keys("C-u", "C-d");
    expect(await t.waitFor(/EXIT=\d+/)).toContain("EXIT=0");
    await expectUsable(t);
  });
});

describe("hostile text in a real terminal", () => {
  it("prints messages with their control characters stripped: no colour, no bell, no retitled window", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "Escapes", display_name: "Ada" })).body as { session_id: string };
    const t = terminal();
    t.type(`${parley} session ${created.session_id} --user-id ${owner.id}; echo "EXIT=$?"`);
    await t.waitFor(/Escapes · 1 participant\(s\) · you are owner\n> ?$/m);
    const titleBefore = t.pane("pane_title");
    await owner.say(created.session_id, "left\x1b]2;PWNED\x07\x1b[31mred\x1b[0m\x07bell\x7fdel\u0085c1 right");
    const screen = await t.waitFor(/Ada \(you\): left/);
    expect(screen).toMatch(/Ada \(you\): leftredbelldelc1 right/);
    expect(t.pane("pane_title")).toBe(titleBefore);
    expect(t.pane("pane_title")).not.toContain("PWNED");
    t.keys("C-u", "C-d");
    expect(await t.waitFor(/EXIT=\d+/)).toContain("EXIT=0");
  });
});

describe("steering from a real terminal", () => {
  it("at each gate the run's starter answers a prompt: approve goes on, reject ends the run (exit 1)", async () => {
    const t = terminal();
    t.type(`${parley} run "Build a REST API with JWT auth" --strategy pipeline --approve each_step; echo "EXIT=$?"`);
    await t.waitFor(/Gate at step 1 \(Architect\): \[a\]pprove, \[r\]edirect with a note, re\[x\]ect/);
    t.type("a");
    await t.waitFor(/You decided the gate: approve\./);
    await t.waitFor(/Gate at step 2 \(Coder\)/);
    t.type("x");
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=1");
    expect(end).toMatch(/■ Run cancelled in \d:\d\d — rejected at a gate/);
    await expectUsable(t);
  });

  it("a viewer watching a run at a gate is told who decides and what each decision needs, asked nothing, and Ctrl-C detaches", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "Watching from a terminal" })).body;
    const viewer = user(server);
    await viewer.join((await owner.invite(created.session_id, { role: "viewer" })).body.invite_token, "Vera");
    const started = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-User-ID": owner.id },
      body: JSON.stringify({
        task: "Build a REST API",
        strategy: "pipeline",
        session_id: created.session_id,
        approval: "each_step",
      }),
    });
    const { run_id } = (await started.json()) as { run_id: string };
    const watch = await runStream(server, run_id, owner.id);
    await watch.waitFor((x) => ofType(x.envelopes, "run.awaiting_approval").length === 1, 30_000);
    watch.abort();
    // The viewer's own key (keys act as their maker): the terminal knows what the viewer may do.
    const made = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-User-ID": viewer.id, Origin: server.url },
      body: JSON.stringify({ name: "vera's terminal", scopes: ["subscribe:*"] }),
    });
    const { key } = (await made.json()) as { key: string };
    const t = terminal(140, 40);
    t.type(`${parley} watch ${run_id} --api-key ${key}; echo "EXIT=$?"`);
    const screen = await t.waitFor(/⏸ Waiting for the session's editors and owner: step 1 \(Architect\) since/);
    expect(screen).toMatch(/pipeline · demo model · waiting for approval/);
    expect(screen).toContain("approve 0/1 · redirect 0/1 · reject 0/1 — a single reject ends the run");
    expect(screen).toContain("Ctrl-C: detach (the run goes on)");
    expect(screen).not.toContain("Gate at step 1");
    t.keys("C-c");
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain("EXIT=130");
    expect(end).not.toContain("Cancel run");
    await fetch(`${server.url}/api/v1/runs/${run_id}/cancel`, { method: "POST", headers: { "X-User-ID": owner.id } });
    await expectUsable(t);
  });

  it("parley say sends a note to a live run in a session; the next agent reads it", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "Steering from a terminal" })).body;
    const started = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-User-ID": owner.id },
      body: JSON.stringify({
        task: "Build a REST API with JWT auth",
        strategy: "pipeline",
        agents: ["Architect", "Coder"],
        session_id: created.session_id,
        approval: "each_step",
      }),
    });
    const { run_id } = (await started.json()) as { run_id: string };
    // The run waits at the Architect's gate, so the note is sure to come before the Coder's turn.
    const watch = await runStream(server, run_id, owner.id);
    await watch.waitFor((x) => ofType(x.envelopes, "run.awaiting_approval").length === 1, 30_000);
    const t = terminal();
    t.type(`${parley} say ${run_id} "Prefer PostgreSQL" --to Coder --user-id ${owner.id}; echo "EXIT=$?"`);
    const said = await t.waitFor(/EXIT=\d+/);
    expect(said).toContain("Note sent to Coder: each reads it in its next turn.");
    expect(said).toContain("EXIT=0");
    const [opened] = ofType(watch.envelopes, "run.awaiting_approval");
    const gate = (opened?.data as { gate_id: string } | undefined)?.gate_id;
    expect(gate).toBeDefined();
    const vote = await fetch(`${server.url}/api/v1/runs/${run_id}/gates/${gate}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-User-ID": owner.id },
      body: JSON.stringify({ decision: "approve" }),
    });
    expect(vote.status).toBe(200);
    await watch.waitFor((x) => ofType(x.envelopes, "agent.turn_started").length === 2, 30_000);
    const coder = ofType(watch.envelopes, "agent.turn_started")[1]?.data as { agent: string; interjections: string[] };
    expect(coder.agent).toBe("Coder");
    expect(coder.interjections).toHaveLength(1);
    // Someone outside the (private) session cannot steer it, and is not told it exists.
    t.type(`${parley} say ${run_id} "Me too" --user-id u_not_in_it; echo "EXIT=$?"`);
    expect(await t.waitFor(/EXIT=\d+[\s\S]*EXIT=\d+/)).toMatch(/EXIT=0[\s\S]*Not found[\s\S]*EXIT=2/);
    watch.abort();
    await fetch(`${server.url}/api/v1/runs/${run_id}/cancel`, { method: "POST", headers: { "X-User-ID": owner.id } });
  });
});
