import { describe, expect, it } from "vitest";
import { copyText } from "./clipboard";

function clipboard(write: (text: string) => Promise<void>) {
  const written: string[] = [];
  return {
    written,
    writeText: async (text: string) => {
      await write(text);
      written.push(text);
    },
  };
}

describe("copying", () => {
  it("says copied once the text is on the clipboard", async () => {
    const board = clipboard(async () => {});
    expect(await copyText("the link", board)).toBe("copied");
    expect(board.written).toEqual(["the link"]);
  });

  it("says it failed when the browser refuses the write", async () => {
    const board = clipboard(async () => {
      throw new DOMException("Write permission denied.", "NotAllowedError");
    });
    expect(await copyText("the link", board)).toBe("failed");
    expect(board.written).toEqual([]);
  });

  it("says it failed on a page that has no clipboard (plain HTTP from another machine)", async () => {
    expect(await copyText("the link", undefined)).toBe("failed");
  });

  it("lets anything else through: it is a bug, not a refusal", async () => {
    const bug = new TypeError("writeText is not a function");
    await expect(
      copyText("the link", {
        writeText: () => Promise.reject(bug),
      }),
    ).rejects.toBe(bug);
  });
});
