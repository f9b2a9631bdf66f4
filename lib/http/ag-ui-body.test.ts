// A piped AG-UI body that stops: a producer that went away keeps what arrived; anything else surfaces.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { connectionCut } from "./ag-ui-body";

const aborted = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};
const reset = () => Object.assign(new Error("aborted"), { code: "ECONNRESET" });

describe("a streamed AG-UI body that stops", () => {
  it("is a cut connection when the request was aborted or Node reports the reset", () => {
    expect(connectionCut(new TypeError("terminated"), aborted())).toBe(true);
    expect(connectionCut(reset(), new AbortController().signal)).toBe(true);
  });

  it("is not, for a refusal (the answer) or any other failure (a bug, which surfaces)", () => {
    expect(connectionCut(new AppError("payload_too_large", "too big"), aborted())).toBe(false);
    expect(connectionCut(new TypeError("Cannot read properties of undefined"), new AbortController().signal)).toBe(false);
    expect(connectionCut(new Error("aborted"), new AbortController().signal)).toBe(false);
  });
});
