import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamAction } from "@/lib/events/stream-state";
import { StreamConnection } from "./stream-connection";

/** The browser's EventSource as far as the connection uses it: the test plays the server's messages. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  receive(data: string) {
    this.onmessage?.({ data });
  }
}

const envelope = { id: "1700000000000-0", channel: "ch:demo", type: "demo.said", ts: "2026-11-21T12:00:00.000Z", data: {} };

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.stubGlobal("EventSource", FakeEventSource);
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  errors.mockRestore();
});

function connected(dispatch: (action: StreamAction) => void) {
  const connection = new StreamConnection("/api/v1/channels/demo/stream", {
    dispatch,
    lastEventId: () => null,
    refreshUrl: () => undefined,
  });
  connection.connect();
  const source = FakeEventSource.last;
  if (!source) throw new Error("no EventSource was opened");
  return { connection, source };
}

describe("a stream's events on the page", () => {
  it("counts an event it cannot read, and logs why with the event, instead of dropping it silently", () => {
    const actions: StreamAction[] = [];
    const { connection, source } = connected((a) => actions.push(a));
    source.receive("{not json");
    source.receive(JSON.stringify({ ...envelope, id: undefined }));
    source.receive(JSON.stringify(envelope));
    connection.dispose();

    expect(actions.map((a) => a.type)).toEqual(["connect", "unreadable", "unreadable", "event"]);
    expect(actions[1]).toEqual({ type: "unreadable", problem: "not JSON" });
    expect(actions[2]).toMatchObject({ type: "unreadable", problem: expect.stringMatching(/^id: /) });
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors).toHaveBeenCalledWith("Parley: a stream event could not be read (not JSON)", "{not json");
  });

  it("lets an error of the page's own reducer through: a bug is not an unreadable event", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'turns')");
    const { connection, source } = connected((action) => {
      if (action.type === "event") throw bug;
    });
    expect(() => source.receive(JSON.stringify(envelope))).toThrow(bug);
    connection.dispose();
  });
});
