import { describe, expect, it } from "vitest";
import { encodeCommand, parseRedisUrl, RespError, RespParser, RespStatus } from "./resp";

describe("RESP", () => {
  it("encodes commands as arrays of bulk strings, bytes counted not characters", () => {
    expect(encodeCommand(["SET", "k", "é"]).toString("utf8")).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
  });

  it("parses every reply type, whatever the chunk boundaries", () => {
    const wire = Buffer.from(
      "+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhe\r\nl\r\n$-1\r\n*-1\r\n*0\r\n*2\r\n*1\r\n$1\r\na\r\n:7\r\n$0\r\n\r\n",
    );
    const expected = [
      new RespStatus("OK"),
      new RespError("ERR wrong"),
      42,
      Buffer.from("he\r\nl"),
      null,
      null,
      [],
      [[Buffer.from("a")], 7],
      Buffer.alloc(0),
    ];
    for (const size of [1, 2, 3, 7, wire.length]) {
      const parser = new RespParser();
      const replies = [];
      for (let i = 0; i < wire.length; i += size) replies.push(...parser.feed(wire.subarray(i, i + size)));
      expect(replies, `chunks of ${size}`).toEqual(expected);
    }
  });

  it("assembles a large bulk string from many chunks", () => {
    const payload = Buffer.alloc(1_000_000, 7);
    const wire = Buffer.concat([Buffer.from(`$${payload.length}\r\n`), payload, Buffer.from("\r\n:1\r\n")]);
    const parser = new RespParser();
    const replies = [];
    for (let i = 0; i < wire.length; i += 16_384) replies.push(...parser.feed(wire.subarray(i, i + 16_384)));
    expect(replies).toHaveLength(2);
    expect(payload.equals(replies[0] as Buffer)).toBe(true);
    expect(replies[1]).toBe(1);
  });

  it("reads redis:// URLs with credentials, database and TLS", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6380/2")).toMatchObject({ host: "127.0.0.1", port: 6380, db: 2, tls: false });
    expect(parseRedisUrl("rediss://user:p%40ss@cache.example:6379")).toMatchObject({
      username: "user",
      password: "p@ss",
      tls: true,
      db: 0,
    });
    expect(parseRedisUrl("redis://[::1]")).toMatchObject({ host: "::1", port: 6379 });
    expect(() => parseRedisUrl("http://x")).toThrow(/redis:/);
  });
});
