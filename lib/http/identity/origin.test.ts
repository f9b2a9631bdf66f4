import { describe, expect, it } from "vitest";
import { markServerHooksInstalled } from "../server/hooks-state";
import { LOCAL_ADDRESS_HEADER } from "./client-address";
import { hostNamesSocket, pageOrigin, publicOrigin, trustedOrigin } from "./origin";

const loopback = { address: "127.0.0.1", port: 3000 };

describe("a Host header naming the socket it arrived on", () => {
  it("accepts loopback names on a loopback socket, and the socket's own IP, on its port", () => {
    for (const host of ["localhost:3000", "LOCALHOST:3000", "app.localhost:3000", "127.0.0.1:3000"])
      expect(hostNamesSocket(host, "http", loopback), host).toBe(true);
    expect(hostNamesSocket("[::1]:8080", "http", { address: "::1", port: 8080 })).toBe(true);
    expect(hostNamesSocket("localhost:8080", "http", { address: "::1", port: 8080 })).toBe(true);
    expect(hostNamesSocket("192.168.1.5:3000", "http", { address: "192.168.1.5", port: 3000 })).toBe(true);
    expect(hostNamesSocket("192.168.1.5", "http", { address: "192.168.1.5", port: 80 })).toBe(true);
  });

  it("refuses any other name, another IP, another port, or no socket at all", () => {
    for (const host of [
      "evil.example:3000",
      "evil.example",
      "127.0.0.1:3001",
      "127.0.0.2:3000",
      "localhost",
      "localhost.evil.example:3000",
      "",
      "a b:3000",
      "localhost:3000@evil.example",
    ])
      expect(hostNamesSocket(host, "http", loopback), host).toBe(false);
    expect(hostNamesSocket("localhost:3000", "http", { address: "192.168.1.5", port: 3000 })).toBe(false);
    expect(hostNamesSocket("localhost:3000", "http", null)).toBe(false);
  });
});

describe("the origin of links", () => {
  const request = (host: string, local = "127.0.0.1 3000") =>
    new Request("http://localhost/", { headers: { host, [LOCAL_ADDRESS_HEADER]: local } });

  it("trusts no stamp a client could have sent until this process's server hooks stamp requests", () => {
    expect(trustedOrigin(request("127.0.0.1:3000"))).toBeNull();
    expect(() => publicOrigin(request("127.0.0.1:3000"))).toThrow(/PARLEY_PUBLIC_URL/);
  });

  it("uses a Host that names the socket, and refuses (API) or replaces (pages) one that does not", () => {
    markServerHooksInstalled();
    expect(publicOrigin(request("localhost:3000"))).toBe("http://localhost:3000");
    expect(publicOrigin(request("127.0.0.1:3000"))).toBe("http://127.0.0.1:3000");
    expect(() => publicOrigin(request("evil.example"))).toThrow(/does not name this server/);
    expect(pageOrigin(request("evil.example"))).toBe("http://127.0.0.1:3000");
    expect(pageOrigin(request("evil.example", "::ffff:10.0.0.2 8080"))).toBe("http://10.0.0.2:8080");
    expect(pageOrigin(request("evil.example", "::1 8080"))).toBe("http://[::1]:8080");
  });
});
