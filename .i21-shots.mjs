// Screenshots of the guests' UI (not committed).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const port = 4000 + Math.floor(Math.random() * 2000);
const url = `http://127.0.0.1:${port}`;
const out = process.argv[2] ?? "/tmp/i21-shots";
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, NODE_ENV: "production", PARLEY_SECRET: "shots-secret-0123456789abcdef0123456789", PARLEY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "i21-shots-")), GITHUB_CLIENT_ID: "x", GITHUB_CLIENT_SECRET: "y", PARLEY_DEFAULT_MODEL: "demo" },
  stdio: ["ignore", "inherit", "inherit"],
});
try {
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 300) throw new Error("no server");
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const ctx = async () => {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(`${url}/`);
    return { c, p };
  };
  const post = async (p, pathName, method, body) => {
    const r = await p.request.fetch(`${url}${pathName}`, { method, data: body, headers: { Origin: url } });
    const j = await r.json();
    if (!r.ok()) throw new Error(`${pathName}: ${r.status()} ${JSON.stringify(j)}`);
    return j;
  };
  const owner = await ctx();
  const s = await post(owner.p, "/api/v1/collaborate", "POST", { title: "Quorum means people", display_name: "Olga" });
  const bound = await post(owner.p, `/api/v1/collaborate/${s.session_id}/invites`, "POST", { role: "editor", email: "carol@example.com", single_use: true });
  const g = await ctx();
  await post(g.p, "/api/v1/collaborate/join", "POST", { invite_token: s.invite_token, display_name: "Gus" });
  await post(owner.p, `/api/v1/collaborate/${s.session_id}`, "PATCH", { guests: "watch" });
  const stranger = await ctx();
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 390]) {
      for (const [who, where, name] of [
        [owner, `/sessions/${s.session_id}`, "owner-room"],
        [g, `/sessions/${s.session_id}`, "watch-guest-room"],
        [stranger, new URL(bound.invite_url).pathname + new URL(bound.invite_url).search, "join-bound"],
      ]) {
        await who.p.emulateMedia({ colorScheme: scheme });
        await who.p.setViewportSize({ width, height: 900 });
        await who.p.goto(`${url}${where}`);
        await who.p.waitForTimeout(1500);
        await who.p.screenshot({ path: `${out}/${name}-${scheme}-${width}.png`, fullPage: true });
      }
    }
  }
  // The owner fills the For (email) field and makes a link.
  await owner.p.setViewportSize({ width: 1280, height: 900 });
  await owner.p.emulateMedia({ colorScheme: "light" });
  await owner.p.goto(`${url}/sessions/${s.session_id}`);
  await owner.p.getByPlaceholder("optional: only this signed-in account joins").fill("dave@example.com");
  await owner.p.getByRole("button", { name: "Create a one-person link" }).click();
  await owner.p.getByTestId("invite-for").waitFor();
  await owner.p.getByRole("radio", { name: /Vote/ }).check();
  await owner.p.waitForTimeout(800);
  await owner.p.screenshot({ path: `${out}/owner-made-bound-light-1280.png`, fullPage: true });
  const info = await post(owner.p, `/api/v1/collaborate/${s.session_id}`, "GET");
  console.log("after clicking Vote, guests =", info.guests);
  await browser.close();
} finally {
  child.kill("SIGTERM");
}
