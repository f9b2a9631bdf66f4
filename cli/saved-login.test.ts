import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommandLine } from "./args";
import { readEnv } from "./config";
import { CliError } from "./errors";
import { configFilePath, readSavedLogin, removeSavedLogin, type SavedLogin, writeSavedLogin } from "./saved-login";

const login: SavedLogin = {
  server: "https://parley.example.com",
  api_key: `pk_${"a".repeat(43)}`,
  key_id: "key_1",
  user: { id: "u_1", display_name: "Ada" },
  saved_at: "2026-12-06T00:00:00.000Z",
};

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

describe("the saved login's file", () => {
  it("lives under $XDG_CONFIG_HOME when it is absolute, else under ~/.config", () => {
    expect(configFilePath({ XDG_CONFIG_HOME: "/x/cfg", HOME: "/home/a" })).toBe("/x/cfg/parley/config.json");
    expect(configFilePath({ XDG_CONFIG_HOME: "relative", HOME: "/home/a" })).toBe("/home/a/.config/parley/config.json");
    expect(configFilePath({}, "/home/b")).toBe("/home/b/.config/parley/config.json");
  });

  it("is written whole and readable by its owner only, read back, and removed", () => {
    dir = mkdtempSync(path.join(tmpdir(), "parley-cfg-"));
    const file = path.join(dir, "parley", "config.json");
    expect(readSavedLogin(file)).toBeNull();
    writeSavedLogin(file, login);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readSavedLogin(file)).toEqual(login);
    removeSavedLogin(file);
    expect(readSavedLogin(file)).toBeNull();
  });

  it("says which file is broken rather than ignoring it", () => {
    dir = mkdtempSync(path.join(tmpdir(), "parley-cfg-"));
    const file = path.join(dir, "config.json");
    writeFileSync(file, "{not json");
    expect(() => readSavedLogin(file)).toThrow(CliError);
    expect(() => readSavedLogin(file)).toThrow(file);
    writeFileSync(file, JSON.stringify({ api_key: "x" }));
    expect(() => readSavedLogin(file)).toThrow(/not a saved Parley login/);
    expect(readFileSync(file, "utf8")).toContain("api_key"); // left as it was
  });
});

describe("commands with a saved login", () => {
  const saved = { login, file: "/cfg/parley/config.json" };

  it("talk to its server with its key when nothing else is given", () => {
    const { connection } = parseCommandLine(["watch", "run_1"], readEnv({}, saved), false).globals;
    expect(connection).toMatchObject({ server: "https://parley.example.com", apiKey: login.api_key });
  });

  it("never send its key to another server, and let --api-key and PARLEY_API_KEY win", () => {
    const elsewhere = parseCommandLine(["watch", "run_1", "--server", "http://localhost:3000"], readEnv({}, saved), false);
    expect(elsewhere.globals.connection.apiKey).toBeNull();
    const viaEnv = parseCommandLine(["watch", "run_1"], readEnv({ PARLEY_URL: "http://other:3000" }, saved), false);
    expect(viaEnv.globals.connection).toMatchObject({ server: "http://other:3000", apiKey: null });
    const explicit = parseCommandLine(["watch", "run_1", "--api-key", "pk_mine"], readEnv({}, saved), false);
    expect(explicit.globals.connection.apiKey).toBe("pk_mine");
    const envKey = parseCommandLine(["watch", "run_1"], readEnv({ PARLEY_API_KEY: "pk_env" }, saved), false);
    expect(envKey.globals.connection.apiKey).toBe("pk_env");
  });

  it("parse login with --url or --server, and --no-browser", () => {
    const parsed = parseCommandLine(["login", "--url", "http://127.0.0.1:4000/", "--no-browser"], readEnv({}), false);
    expect(parsed.command).toEqual({ name: "login", openBrowser: false });
    expect(parsed.globals.connection.server).toBe("http://127.0.0.1:4000");
    expect(parseCommandLine(["login"], readEnv({}), false).command).toEqual({ name: "login", openBrowser: true });
    expect(parseCommandLine(["logout"], readEnv({}), false).command).toEqual({ name: "logout" });
    expect(() => parseCommandLine(["login", "extra"], readEnv({}), false)).toThrow(/Usage: parley login/);
  });
});
