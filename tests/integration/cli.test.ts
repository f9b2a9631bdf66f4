// The terminal client against a real server: `parley run --json` emits the whole run, `watch` replays a
// finished one, `tail` follows a channel, a dropped stream or a restarted server loses nothing and ends
// truthfully, and every wrong input gets its exit code and a message that says what to do.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { parley, parleyToEnd } from "@/tests/support/cli";
import { ownDatabase } from "@/tests/support/database";
import { openRunStream, startRun, typesOf, watchToEnd } from "@/tests/support/run-client";
import { freePort, startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

let server: TestServer;
const extra: TestServer[] = [];
/** Done once every server has stopped. */
const onEnd: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startServer({
    env: { PARLEY_DEMO_TOKEN_MS: "3", PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "100" },
  });
});
afterAll(async () => {
  await server?.stop();
  for (const s of extra) await s.stop();
  for (const done of onEnd) await done();
});

const ids = (events: Envelope[]) => events.map((e) => e.id);
const runIdOf = (events: Envelope[]) => (events[0]!.data as { run_id: string }).run_id;

function expectStrictlyIncreasing(events: Envelope[]) {
  for (let i = 1; i < events.length; i++) {
    expect(compareCursors(events[i]!.id, events[i - 1]!.id), `${events[i - 1]!.id} then ${events[i]!.id}`).toBeGreaterThan(0);
  }
}

describe("parley run", () => {
  it("--json prints every event of the run once, in order, from run.created to run.completed, and exits 0", async () => {
    const out = await parleyToEnd([
      "run",
      "Build a REST API with JWT auth",
      "--strategy",
      "pipeline",
      "--seed",
      "7",
      "--json",
      "--server",
      server.url,
    ]);
    expect(out.code).toBe(0);
    const events = out.envelopes();
    expect(typesOf(events).slice(0, 4)).toEqual(["run.created", "run.strategy_selected", "run.started", "step"]);
    expect(events.at(-1)?.type).toBe("run.completed");
    expect(events.filter((e) => e.type === "agent.turn_completed").map((e) => (e.data as { agent: string }).agent)).toEqual([
      "Architect",
      "Coder",
      "Reviewer",
      "Refiner",
      "Documenter",
    ]);
    // Exactly what the server holds for the run: nothing missing, nothing doubled.
    expect(ids(events)).toEqual(ids(await watchToEnd(server, runIdOf(events))));
    expect(out.stderr).toContain(`✓ Run ${runIdOf(events)} completed.`);
  });

  it("without a terminal prints a plain log: a line per step, each agent's text, and the summary", async () => {
    const out = await parleyToEnd(["run", "Tabs or spaces?", "--strategy", "debate", "--rounds", "1", "--server", server.url]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^run run_\w+ · debate · (queued|running) · demo model\ntask: Tabs or spaces\?\nagents: Proponent \(demo\), Skeptic \(demo\), Judge \(demo\)\n/,
    );
    expect(out.stdout).toMatch(/\] Proponent \(debater · demo\) is writing…\n/);
    expect(out.stdout).toMatch(/\] Judge done · \d+ tokens · \$[\d.]+ · [\d.]+ s\n {4}\S/);
    // A debate's verdict names the side the judge chose.
    expect(out.stdout).toMatch(/\] verdict [✓✗] Decision: \S.* \(confidence \d+\/10\)\n/);
    expect(out.stdout).toContain("✓ Run completed in 0:0");
    expect(out.stdout).not.toContain("\x1b["); // no colours or cursor movement in a pipe
  });

  it("a run that fails (its budget is spent) exits 1 and says why", async () => {
    const out = await parleyToEnd([
      "run",
      "Build a REST API",
      "--strategy",
      "pipeline",
      "--budget",
      "0.0001",
      "--json",
      "--server",
      server.url,
    ]);
    expect(out.code).toBe(1);
    expect(out.envelopes().at(-1)).toMatchObject({ type: "run.failed", data: { error_type: "budget_exceeded" } });
    expect(out.stderr).toMatch(/✗ Run run_\w+ failed \(budget_exceeded: .+\)/);
  });
});

describe("parley watch", () => {
  it("shows a finished run from its stored state, and replays its events with --json", async () => {
    const run = await startRun(server, { task: "Build a CLI for todo lists", strategy: "pipeline", seed: 2 });
    const all = await watchToEnd(server, run.run_id);

    const shown = await parleyToEnd(["watch", run.run_id, "--server", server.url]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`run ${run.run_id} · pipeline · completed · demo model`);
    expect(shown.stdout).toContain("✓ Run completed in");
    expect(shown.stdout).toMatch(/Tokens [\d,]+ \(in [\d,]+ · out [\d,]+\) · cost \$/);
    expect(shown.stdout).toContain(`/runs/${run.run_id}`);

    const replay = await parleyToEnd(["watch", run.run_id, "--json", "--server", server.url]);
    expect(replay.code).toBe(0);
    expect(ids(replay.envelopes())).toEqual(ids(all));
  });

  it("attaches to a run in progress from its first event, and exits 1 when it is cancelled", async () => {
    const run = await startRun(server, { task: "Tabs vs spaces, again", strategy: "debate", rounds: 5, seed: 1 });
    const watching = parley(["watch", run.run_id, "--json", "--server", server.url]);
    await watching.waitFor(({ stdout }) => stdout.includes('"agent.token"'));
    expect(watching.envelopes()[0]?.type).toBe("run.created");
    const cancel = await fetch(`${server.url}/api/v1/runs/${run.run_id}/cancel`, {
      method: "POST",
      headers: { "X-Parley-Control-Token": run.control_token },
    });
    expect(cancel.status).toBe(200);
    expect(await watching.exited).toBe(1);
    expect(watching.envelopes().at(-1)?.type).toBe("run.cancelled");
    expect(watching.stderr()).toContain(`■ Run ${run.run_id} was cancelled.`);
  });
  it("Ctrl-C in a pipe (nobody to ask) detaches with exit 130 and leaves the run going", async () => {
    const run = await startRun(server, { task: "Tabs vs spaces, once more", strategy: "debate", rounds: 3, seed: 4 });
    const watching = parley(["watch", run.run_id, "--json", "--server", server.url]);
    await watching.waitFor(({ stdout }) => stdout.includes('"agent.token"'));
    watching.process.kill("SIGINT");
    expect(await watching.exited).toBe(130);
    expect(watching.stderr()).toContain(`Detached from run ${run.run_id}; it goes on. Attach again: parley watch ${run.run_id}`);
    expect((await watchToEnd(server, run.run_id)).at(-1)?.type).toBe("run.completed");
  });
});

describe("parley fork", () => {
  it("forks a finished run at a turn number, prints the new run, and follows it to its end", async () => {
    const run = await startRun(server, {
      task: "Build a CLI for todo lists",
      strategy: "pipeline",
      agents: ["Architect", "Coder", "Reviewer"],
      seed: 5,
    });
    await watchToEnd(server, run.run_id);
    const out = await parleyToEnd(["fork", run.run_id, "--at", "2", "Write it in Go", "--json", "--server", server.url]);
    expect(out.code, out.stderr).toBe(0);
    const events = out.envelopes();
    const forkId = runIdOf(events);
    expect(forkId).not.toBe(run.run_id);
    expect(out.stderr).toContain(
      `Forked run ${run.run_id} at ${run.run_id}_t2 (1 turn inherited): run ${forkId} — ${server.url}/runs/${forkId}`,
    );
    expect(typesOf(events).slice(0, 2)).toEqual(["run.created", "run.forked"]);
    expect(events.at(-1)?.type).toBe("run.completed");
    const completed = events
      .filter((e) => e.type === "agent.turn_completed")
      .map((e) => e.data as { agent: string; text: string });
    expect(completed.map((t) => t.agent)).toEqual(["Architect", "Coder", "Reviewer"]);
    expect(completed[1]?.text).toContain("“Write it in Go”");

    const missing = await parleyToEnd(["fork", run.run_id, "--at", "9", "--server", server.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Run ${run.run_id} has no turn 9: it has turns 1–3`);
  });
});

describe("parley tail", () => {
  it("receives events published through the API, filtered by type", async () => {
    const key = await server.apiKey();
    const tail = parley(["tail", "cli-demo", "--types", "agent.*", "--json", "--server", server.url, "--api-key", key]);
    await tail.waitFor(({ stderr }) => stderr.includes("Following cli-demo (agent.*)"));
    expect((await server.publish("cli-demo", { type: "ingest.job.updated", data: { skip: true } }, key)).status).toBe(201);
    const published = await server.publish("cli-demo", { type: "agent.step.done", data: { step: 1, note: "from the API" } }, key);
    const { last_event_id } = (await published.json()) as { last_event_id: string };
    await tail.waitFor(({ stdout }) => stdout.includes(last_event_id));
    tail.process.kill("SIGINT");
    expect(await tail.exited).toBe(0);
    // The ingest event came first and did not match: only the agent event was printed.
    expect(tail.envelopes()).toEqual([
      expect.objectContaining({
        id: last_event_id,
        channel: "ch:cli-demo",
        type: "agent.step.done",
        data: { step: 1, note: "from the API" },
      }),
    ]);
  });

  it("prints one readable line per event without --json", async () => {
    const key = await server.apiKey();
    const tail = parley(["tail", "cli-lines", "--server", server.url, "--api-key", key]);
    await tail.waitFor(({ stderr }) => stderr.includes("Following cli-lines"));
    await server.publish("cli-lines", { type: "ingest.job.updated", data: { job: "nightly", state: "running" } }, key);
    await tail.waitFor(({ stdout }) => stdout.includes("ingest.job.updated"));
    expect(tail.stdout()).toMatch(/^\d\d:\d\d:\d\d {2}ingest\.job\.updated {2}\{"job":"nightly","state":"running"\}\n$/);
    tail.process.kill("SIGINT");
    expect(await tail.exited).toBe(0);
  });
});

describe("parley session", () => {
  it("prints the recent history, then new messages as they are sent", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "CLI room", display_name: "Ada" })).body as { session_id: string };
    await owner.say(created.session_id, "first, before the terminal came");
    const follow = parley(["session", created.session_id, "--user-id", owner.id, "--server", server.url]);
    await follow.waitFor(({ stdout }) => stdout.includes("Ada (you): first, before the terminal came"));
    expect(follow.stdout()).toMatch(/^CLI room · 1 participant\(s\) · you are owner\n/);
    await owner.say(created.session_id, "second, live");
    await follow.waitFor(({ stdout }) => stdout.includes("Ada (you): second, live"));
    follow.process.kill("SIGINT");
    expect(await follow.exited).toBe(0);
  });

  it("a private session without an identity is not found, with a hint about --user-id", async () => {
    const owner = user(server);
    const created = (await owner.create({ title: "Private" })).body as { session_id: string };
    const out = await parleyToEnd(["session", created.session_id, "--server", server.url]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--user-id");
  });
});

describe("losing nothing", () => {
  it("when the server ends streams mid-run, the CLI resumes from its cursor and ends with exactly the run's events", async () => {
    const blip = await startServer({ env: { PARLEY_DEMO_TOKEN_MS: "10", PARLEY_STREAM_MAX_MS: "700" } });
    extra.push(blip);
    const out = await parleyToEnd([
      "run",
      "Build a REST API with JWT auth",
      "--strategy",
      "pipeline",
      "--json",
      "--server",
      blip.url,
    ]);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain("reconnecting"); // the stream really was cut, more than once for a run this long
    const events = out.envelopes();
    expect(ids(events)).toEqual(ids(await watchToEnd(blip, runIdOf(events))));
  });

  it("when the server restarts mid-run, the CLI reconnects, learns the run was lost, and says so (exit 1)", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-cli-restart-"));
    const port = await freePort();
    // Its servers fail every run in their database whose heartbeat is 1.5 s old: a database of its own.
    const database = await ownDatabase();
    onEnd.push(() => database.drop());
    const env = {
      PARLEY_DATA_DIR: dataDir,
      ...database.env,
      PARLEY_RUN_LEASE_MS: "1500",
      PARLEY_RUN_MAX_RESUMES: "0",
      PARLEY_DEMO_TOKEN_MS: "40",
    };
    const first = await startServer({ env, port });
    extra.push(first);
    const cli = parley(["run", "Build a REST API with JWT auth", "--strategy", "pipeline", "--json", "--server", first.url]);
    // A reader beside the CLI, to compare against: what the first server sent before it died.
    await cli.waitFor(({ stdout }) => stdout.includes('"run.created"'));
    const runId = runIdOf(cli.envelopes());
    const reference = await watchOnce(first, runId);
    await cli.waitFor(({ stdout }) => stdout.includes('"agent.turn_completed"'));

    first.process.kill("SIGKILL");
    await cli.waitFor(({ stderr }) => stderr.includes("reconnecting"));
    const second = await startServer({ env, port });
    extra.push(second);

    expect(await cli.exited).toBe(1);
    const events = cli.envelopes();
    const reset = events.findIndex((e) => e.type === "stream.reset");
    expect(reset).toBeGreaterThan(0);
    const before = events.slice(0, reset);
    // Before the crash: from the run's first event, in order, once, and the same as the other reader saw.
    expect(before[0]?.type).toBe("run.created");
    expectStrictlyIncreasing(before);
    const common = Math.min(before.length, reference.length);
    expect(ids(before).slice(0, common)).toEqual(ids(reference).slice(0, common));
    // The first agent's turn arrived whole: its tokens add up to the text the server stored.
    const snapshot = (await (await fetch(`${second.url}/api/v1/runs/${runId}`)).json()) as {
      run: { status: string; error: { error_type: string } };
      turns: { turn_id: string; text: string; status: string }[];
    };
    const firstTurn = snapshot.turns[0]!;
    const tokens = before.filter(
      (e) => e.type === "agent.token" && (e.data as { turn_id: string }).turn_id === firstTurn.turn_id,
    );
    expect(tokens.map((e) => (e.data as { text: string }).text).join("")).toBe(firstTurn.text);
    // After the restart: one reset, then at most the run's own failure — and the CLI reports the stored truth.
    // (Who watches is presence, not the run's story: the second server may announce the CLI as a watcher of
    // the still-running run before its lease runs out and it is found lost.)
    const after = events.slice(reset + 1).filter((e) => e.type !== "run.watchers");
    expect(after.map((e) => [e.type, (e.data as { error_type?: string }).error_type])).toEqual(
      after.length > 0 ? [["run.failed", "instance_lost"]] : [],
    );
    expect(snapshot).toMatchObject({ run: { status: "failed", error: { error_type: "instance_lost" } } });
    expect(cli.stderr()).toMatch(new RegExp(`✗ Run ${runId} failed \\(instance_lost: The server running this run stopped`));
  });
});

/** Starts reading a run's stream on `s`; the array fills until the stream ends or breaks. */
async function watchOnce(s: TestServer, runId: string): Promise<Envelope[]> {
  return (await openRunStream(s, `/api/v1/runs/${runId}/events`)).envelopes;
}

describe("usage and connection errors", () => {
  it("usage errors exit 2 and say what to do", async () => {
    for (const [args, message] of [
      [["run"], 'Usage: parley run "<task>"'],
      [["fly"], 'Unknown command "fly"'],
      [["run", "x", "--rounds", "9"], "--rounds"],
      [["run", "x", "--bogus"], "Unknown option '--bogus'"],
      [["tail", "Bad Name"], "not a channel name"],
    ] as const) {
      const out = await parleyToEnd([...args]);
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stderr).toContain(message);
      expect(out.stderr.trim().split("\n")).toHaveLength(1);
    }
    const unknown = await parleyToEnd(["watch", "run_0000000000000000000", "--server", server.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Not found: run run_0000000000000000000 does not exist");
  });

  it("--help works for every command and exits 0", async () => {
    for (const args of [["--help"], ["run", "--help"], ["watch", "-h"], ["tail", "--help"], ["session", "--help"]]) {
      const out = await parleyToEnd(args);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/Usage:\n {2}parley /);
      expect(out.stdout).toContain("Exit codes:");
    }
  });

  it("a server that cannot be reached exits 3 and says how to point at one", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    for (const args of [
      ["run", "x"],
      ["watch", "run_0000000000000000000"],
      ["tail", "x", "--api-key", "pk_x"],
    ]) {
      const out = await parleyToEnd([...args, "--server", nowhere]);
      expect(out.code, args.join(" ")).toBe(3);
      expect(out.stderr).toContain(`Cannot reach the Parley server at ${nowhere} (ECONNREFUSED)`);
      expect(out.stderr).toContain("--server / PARLEY_URL");
    }
  });

  it("a bad or missing API key exits 3 and says how to get one", async () => {
    const bad = await parleyToEnd(["tail", "x", "--server", server.url], { env: { PARLEY_API_KEY: "pk_not_a_real_key" } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("Unauthorised: The API key is not valid or has been revoked");
    expect(bad.stderr).toContain(`Create a key on ${server.url}/keys`);
    const run = await parleyToEnd(["run", "x", "--server", server.url, "--api-key", "pk_not_a_real_key"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Unauthorised");
    const none = await parleyToEnd(["tail", "x", "--server", server.url]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain("tail needs an API key with subscribe scope");
  });
});
