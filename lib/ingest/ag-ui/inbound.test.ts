import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { InboundMapper } from "./inbound";
import { checkAgUiEvent, inboundState, isAfter } from "./inbound-state";

/** The producer events a list of AG-UI events maps to, as [type, data] pairs. */
function mapped(events: Record<string, unknown>[], state = inboundState(null)) {
  const mapper = new InboundMapper(state);
  events.forEach((e, i) => {
    mapper.push(checkAgUiEvent(e, i), i);
  });
  return { items: mapper.items.map((item) => [item.type, item.data]), state: mapper.state };
}

describe("AG-UI in: the mapping", () => {
  it("names the agent by its subagent, else the open step, else the message's name or role", () => {
    const { items } = mapped([
      { type: "SUBAGENT_STARTED", subagentRunId: "s1", name: "Critic" },
      { type: "STEP_STARTED", stepName: "Drafting" },
      { type: "TEXT_MESSAGE_START", messageId: "a", role: "assistant", subagentRunId: "s1" },
      { type: "TEXT_MESSAGE_START", messageId: "b", role: "assistant" },
      { type: "STEP_FINISHED", stepName: "Drafting" },
      { type: "TEXT_MESSAGE_START", messageId: "c", role: "assistant", name: "Editor" },
      { type: "TEXT_MESSAGE_START", messageId: "d", role: "assistant" },
    ]);
    const agents = items.filter(([t]) => t === "agent.turn_started").map(([, d]) => (d as { agent: string }).agent);
    expect(agents).toEqual(["Critic", "Drafting", "Editor", "assistant"]);
  });

  it("takes chunks as messages and tool calls, closed by the next other event", () => {
    const { items } = mapped([
      { type: "TEXT_MESSAGE_CHUNK", messageId: "m", role: "assistant", delta: "Hel" },
      { type: "TEXT_MESSAGE_CHUNK", delta: "lo" },
      { type: "TOOL_CALL_CHUNK", toolCallId: "t", toolCallName: "search", parentMessageId: "m", delta: '{"q":' },
      { type: "TOOL_CALL_CHUNK", delta: '"x"}' },
      { type: "TOOL_CALL_RESULT", messageId: "r", toolCallId: "t", content: [{ type: "text", text: "found" }] },
    ]);
    expect(items.map(([t]) => t)).toEqual([
      "agent.turn_started",
      "agent.token",
      "agent.token",
      "agent.turn_completed",
      "tool.invoked",
      "tool.result",
    ]);
    expect(items[4]?.[1]).toMatchObject({ call_id: "t", tool: "search", input: { q: "x" }, turn_id: "m" });
    expect(items[5]?.[1]).toMatchObject({ call_id: "t", success: true, output_preview: '[{"type":"text","text":"found"}]' });
  });

  it("keeps what has no run event (RAW, CUSTOM, unknown types) and ends the run on RUN_ERROR, closing what is open", () => {
    const { items } = mapped([
      { type: "CUSTOM", name: "progress", value: 1 },
      { type: "SOMETHING_NEW", x: 1 },
      { type: "TEXT_MESSAGE_START", messageId: "m", role: "assistant" },
      { type: "RUN_ERROR", message: "boom", code: "rate_limited" },
    ]);
    expect(items).toEqual([
      ["run.log", { source: "ag-ui", type: "CUSTOM", data: { type: "CUSTOM", name: "progress", value: 1 } }],
      ["run.log", { source: "ag-ui", type: "SOMETHING_NEW", data: { type: "SOMETHING_NEW", x: 1 } }],
      ["agent.turn_started", { turn_id: "m", agent: "assistant", role: "assistant", model: "ag-ui" }],
      ["agent.turn_completed", { turn_id: "m" }],
      ["run.failed", { error_type: "rate_limited", message: "boom" }],
    ]);
  });

  it("carries where the stream stands to the next request", () => {
    const first = mapped([
      { type: "STEP_STARTED", stepName: "Writer" },
      { type: "TEXT_MESSAGE_START", messageId: "m", role: "assistant" },
    ]);
    const stored = JSON.parse(JSON.stringify(first.state));
    const second = mapped(
      [
        { type: "TEXT_MESSAGE_CONTENT", messageId: "m", delta: "hi" },
        { type: "TEXT_MESSAGE_END", messageId: "m" },
      ],
      inboundState(stored),
    );
    expect(second.items).toEqual([
      ["agent.token", { turn_id: "m", text: "hi" }],
      ["agent.turn_completed", { turn_id: "m" }],
    ]);
  });

  it("refuses malformed events with the field at fault, and orders SSE ids", () => {
    const refused = (e: unknown) => {
      try {
        checkAgUiEvent(e, 3);
      } catch (error) {
        return error instanceof AppError ? error.issues?.[0]?.path : null;
      }
      return "accepted";
    };
    expect(refused({ type: "TEXT_MESSAGE_CONTENT", messageId: "m" })).toMatch(/^events\.3/);
    expect(refused({ nope: 1 })).toBe("events.3.type");
    expect(refused({ type: "ANYTHING" })).toBe("accepted");
    expect(() => mapped([{ type: "TOOL_CALL_ARGS", toolCallId: "x", delta: "{}" }])).toThrow(/no tool call x/);
    expect([isAfter("10", "9"), isAfter("9", "10"), isAfter("5-2", "5-1"), isAfter("5-1", "5-1"), isAfter("a", null)]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});
