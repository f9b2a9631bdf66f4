import { describe, expect, it } from "vitest";
import { CommandError, outcome, parseCommand, parseCommandList, replyToJson } from "./commands";
import { ErrorReply } from "./redis";

describe("the Upstash wire format", () => {
  it("reads JSON commands as Redis arguments and refuses what would hold a shared connection", () => {
    expect(parseCommand(["SET", "k", 1, true])).toEqual(["SET", "k", "1", "true"]);
    expect(
      parseCommandList([
        ["GET", "a"],
        ["GET", "b"],
      ]),
    ).toEqual([
      ["GET", "a"],
      ["GET", "b"],
    ]);
    for (const bad of [
      [],
      "GET",
      [{ nested: true }],
      ["subscribe", "x"],
      ["MULTI"],
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
    ]) {
      expect(() => parseCommand(bad), JSON.stringify(bad)).toThrow(CommandError);
    }
    expect(() => parseCommandList([])).toThrow(CommandError);
  });

  it("tells status replies from bulk strings: only bulk strings and other statuses are base64 encoded", () => {
    expect(replyToJson("OK", true)).toBe("OK");
    expect(replyToJson("PONG", true)).toBe(Buffer.from("PONG").toString("base64"));
    expect(replyToJson(Buffer.from("OK"), true)).toBe(Buffer.from("OK").toString("base64"));
    expect(replyToJson(Buffer.from("ünï"), false)).toBe("ünï");
    expect(replyToJson([Buffer.from([0, 255]), 3, null, "OK"], true)).toEqual(["AP8=", 3, null, "OK"]);
  });

  it("gives an error reply its own slot, at the top or inside an array", () => {
    expect(outcome(new ErrorReply("WRONGTYPE nope"), false)).toEqual({ error: "WRONGTYPE nope" });
    expect(outcome([1, new ErrorReply("ERR inner")], false)).toEqual({ result: [1, "ERR inner"] });
  });
});
