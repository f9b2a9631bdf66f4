// The slice and hand-off settings as a deployment gets them: on Vercel a slice below the routes' 300 s and
// the deployment's own URL; elsewhere no slicing unless asked, and loopback; bad values refused at start.
import { afterEach, describe, expect, it, vi } from "vitest";

async function load(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const name of ["VERCEL", "VERCEL_URL", "PARLEY_RUN_SLICE_MS", "PARLEY_INTERNAL_URL", "CRON_SECRET", "PORT"]) {
    vi.stubEnv(name, vars[name]);
  }
  return import("./env");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("slices and hand-offs", () => {
  it("on Vercel: 200 s slices, handed to the deployment's own URL", async () => {
    const env = await load({ VERCEL: "1", VERCEL_URL: "parley-abc123.vercel.app" });
    expect(env.runSliceMs()).toBe(200_000);
    expect(env.internalOrigin()).toBe("https://parley-abc123.vercel.app");
  });

  it("under next start: never sliced unless configured, handed over loopback on its port", async () => {
    const plain = await load({ PORT: "4123" });
    expect(plain.runSliceMs()).toBeNull();
    expect(plain.internalOrigin()).toBe("http://127.0.0.1:4123");
    const configured = await load({ PARLEY_RUN_SLICE_MS: "2000", PARLEY_INTERNAL_URL: "https://parley.example.com/ignored" });
    expect(configured.runSliceMs()).toBe(2000);
    expect(configured.internalOrigin()).toBe("https://parley.example.com");
  });

  it("refuses a slice that is not a positive whole number of milliseconds, and a short cron secret", async () => {
    await expect(load({ PARLEY_RUN_SLICE_MS: "0" })).rejects.toThrow(/PARLEY_RUN_SLICE_MS/);
    await expect(load({ PARLEY_RUN_SLICE_MS: "1.5" })).rejects.toThrow(/PARLEY_RUN_SLICE_MS/);
    await expect(load({ PARLEY_RUN_SLICE_MS: "soon" })).rejects.toThrow(/PARLEY_RUN_SLICE_MS/);
    await expect(load({ CRON_SECRET: "short" })).rejects.toThrow(/CRON_SECRET/);
    // Empty is unset (a variable declared with no value in a dashboard).
    expect((await load({ CRON_SECRET: "", PARLEY_RUN_SLICE_MS: "" })).env.CRON_SECRET).toBeUndefined();
  });
});
