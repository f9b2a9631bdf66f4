// The per-address cap of the upload guard counts addresses as the quotas do (lib/auth/quota-table.ts):
// IPv6 by its /64, so rotating through one network's addresses does not multiply the cap. Loopback
// offers only ::1, so the addresses come from stand-in sockets; the bounds themselves are measured with
// real sockets in node-server.test.ts.
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UploadGuard } from "./upload-guard";

class FakeSocket extends EventEmitter {
  destroyed = false;
  writable = true;
  bytesRead = 0;
  written = "";
  constructor(readonly remoteAddress: string) {
    super();
  }
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
  end() {}
  destroy() {
    this.destroyed = true;
    this.emit("close");
  }
  isPaused() {
    return false;
  }
}

const guards: UploadGuard[] = [];
afterEach(() => {
  for (const g of guards.splice(0)) g.stop();
});

function guard(perAddress: number) {
  const g = new UploadGuard({ headersTimeoutMs: 60_000, bodyIdleMs: 60_000, perAddress });
  guards.push(g);
  return g;
}

const admit = (g: UploadGuard, address: string) => g.admitConnection(new FakeSocket(address) as unknown as Socket);

describe("upload guard: addresses", () => {
  it("counts every address of one IPv6 /64 together", () => {
    const g = guard(2);
    expect(admit(g, "2001:db8:1:2::1")).toBe(true);
    expect(admit(g, "2001:db8:1:2:ffff::9")).toBe(true);
    expect(admit(g, "2001:db8:1:2:abcd:1:2:3")).toBe(false);
    // Another /64 has its own room.
    expect(admit(g, "2001:db8:1:3::1")).toBe(true);
  });

  it("counts an IPv4-mapped address as the IPv4 address", () => {
    const g = guard(1);
    expect(admit(g, "::ffff:10.0.0.7")).toBe(true);
    expect(admit(g, "10.0.0.7")).toBe(false);
  });

  it("gives the room back when a connection closes", () => {
    const g = guard(1);
    const first = new FakeSocket("2001:db8::1");
    expect(g.admitConnection(first as unknown as Socket)).toBe(true);
    expect(admit(g, "2001:db8::2")).toBe(false);
    first.destroy();
    expect(admit(g, "2001:db8::3")).toBe(true);
  });
});
