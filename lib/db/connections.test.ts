import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_FILE, readLock } from "./connections";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid;
}

describe("the embedded database's lock file", () => {
  it("reads no lock when there is no lock file, or its holder has exited", () => {
    const dir = dataDir();
    expect(readLock(dir)).toBeNull();
    expect(readLock(path.join(dir, "not-created-yet"))).toBeNull();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), port: 3000 }));
    expect(readLock(dir)).toBeNull();
  });

  it("names a live holder and its port", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, port: 3000 }));
    expect(readLock(dir)).toEqual({ pid: process.ppid, port: 3000 });
  });

  it("does not take a lock file it cannot read for no lock", () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, LOCK_FILE));
    expect(() => readLock(dir)).toThrow(expect.objectContaining({ code: "EISDIR" }));
  });

  it("does not take an empty or foreign lock file for no lock, and says what to do", () => {
    const dir = dataDir();
    const file = path.join(dir, LOCK_FILE);
    for (const content of ["", '{"pid":', '{"holder":"someone"}']) {
      writeFileSync(file, content);
      expect(() => readLock(dir)).toThrow(`The lock file ${file} does not say which process holds the embedded database.`);
    }
  });
});
