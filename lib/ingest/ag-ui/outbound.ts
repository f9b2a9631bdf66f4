// AG-UI out: a run's events as AG-UI events — a step and an assistant message per agent turn, its tool
// calls and their results, reasoning, the run's state, the end — and what a client resuming mid-run needs
// to be in step again (RUN_STARTED, MESSAGES_SNAPSHOT, STATE_SNAPSHOT, the open things re-opened). Pure and
// stateful: one encoder per connection, fed the run's events in order. The messages it keeps are built
// the way @ag-ui/client builds them, so a resumed client ends with the same messages as an uncut one.
import { type AGUIEvent, EventType, type Message } from "@ag-ui/core";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent, type EventOf } from "@/lib/events/schemas";
import { toAgUiPatch } from "@/lib/ingest/external/json-patch";

interface OpenTurn {
  step: string;
  /** How much of the turn's text the client has. */
  sent: number;
  reasoning: { id: string; open: boolean; sent: number } | null;
}

/** How a run ended, as AG-UI says it. */
export type RunEnd =
  | { status: "completed"; result: unknown }
  | { status: "cancelled" }
  | { status: "failed"; error_type: string; message: string };

/** A stored run as the encoder needs it (ag-ui/outbound-snapshot.ts builds it from a snapshot). */
export interface RestoredRun {
  turns: {
    id: string;
    agent: string;
    text: string;
    running: boolean;
    tools: { id: string; name: string; args: string; result: string | null }[];
  }[];
  state: unknown;
  end: RunEnd | null;
}

export interface EncoderOptions {
  threadId: string;
  runId: string;
  /** The run's task as the user's message (omitted when the client sent its own messages). */
  task?: { id: string; content: string };
}

export class AgUiEncoder {
  private readonly messages: Message[] = [];
  private readonly open = new Map<string, OpenTurn>();
  private readonly steps = new Set<string>();
  private shared: unknown;
  private hasShared = false;
  private ended: AGUIEvent | null = null;
  private started = false;

  constructor(private readonly options: EncoderOptions) {}

  /** The run ended in what the encoder has seen (its terminal AG-UI event, to send again on resume). */
  get end(): AGUIEvent | null {
    return this.ended;
  }

  /** The first event of a connection that starts from the run's beginning. */
  start(): AGUIEvent[] {
    this.started = true;
    const { threadId, runId, task } = this.options;
    if (task) this.messages.push({ id: task.id, role: "user", content: task.content });
    const input = task && { threadId, runId, messages: [...this.messages], tools: [], context: [] };
    return [{ type: EventType.RUN_STARTED, threadId, runId, ...(input && { input }) }];
  }

  /** What a client resuming here is sent first: the run as it stands, its open things re-opened. */
  resume(): AGUIEvent[] {
    const { threadId, runId, task } = this.options;
    // A cursor from before the run's first event (the opening frame's `0-0`): the run starts here.
    if (!this.started) {
      this.started = true;
      if (task) this.messages.push({ id: task.id, role: "user", content: task.content });
    }
    const out: AGUIEvent[] = [{ type: EventType.RUN_STARTED, threadId, runId }];
    out.push({ type: EventType.MESSAGES_SNAPSHOT, messages: structuredClone(this.messages) });
    if (this.hasShared) out.push({ type: EventType.STATE_SNAPSHOT, snapshot: structuredClone(this.shared) });
    if (this.ended) return [...out, this.ended];
    for (const step of this.steps) out.push({ type: EventType.STEP_STARTED, stepName: step });
    for (const [turnId, turn] of this.open) {
      out.push({ type: EventType.TEXT_MESSAGE_START, messageId: turnId, role: "assistant" });
      if (turn.reasoning?.open) out.push(...this.openReasoning(turn.reasoning.id));
    }
    return out;
  }

  /**
   * Stands the encoder where a stored run stands (its events gone from the hub): each turn a message with
   * its tool calls and results; running turns open, with the text they have so far.
   */
  restore(run: RestoredRun): void {
    this.started = true;
    const { task } = this.options;
    if (task) this.messages.push({ id: task.id, role: "user", content: task.content });
    for (const turn of run.turns) {
      const toolCalls = turn.tools.map((t) => ({
        id: t.id,
        type: "function" as const,
        function: { name: t.name, arguments: t.args },
      }));
      this.messages.push({
        id: turn.id,
        role: "assistant",
        content: turn.text,
        name: turn.agent,
        ...(toolCalls.length && { toolCalls }),
      });
      for (const t of turn.tools)
        if (t.result !== null) this.messages.push({ id: `${t.id}_result`, role: "tool", toolCallId: t.id, content: t.result });
      if (!turn.running) continue;
      const step = this.steps.has(turn.agent) ? `${turn.agent} (${turn.id})` : turn.agent;
      this.steps.add(step);
      this.open.set(turn.id, { step, sent: turn.text.length, reasoning: null });
    }
    if (run.state !== null) {
      this.shared = run.state;
      this.hasShared = true;
    }
    if (run.end) this.finishWith(run.end);
  }

  /** One run event as the AG-UI events it becomes (none, for what AG-UI has no place for but CUSTOM). */
  encode(envelope: Envelope): AGUIEvent[] {
    const event = asBuiltinEvent(envelope);
    if (!event || event.type === "stream.reset" || this.ended) return [];
    const out = this.started ? [] : this.start();
    out.push(...this.map(event));
    return out;
  }

  private map(event: BuiltinEvent): AGUIEvent[] {
    switch (event.type) {
      case "agent.turn_started":
        return this.startTurn(event);
      case "agent.token":
        return this.text(event.data.turn_id, event.data.text, event.data.offset);
      case "agent.reasoning":
        return this.reason(event);
      case "agent.turn_completed":
        return [...this.text(event.data.turn_id, event.data.text, 0), ...this.endTurn(event.data.turn_id)];
      case "agent.turn_failed":
      case "agent.turn_superseded":
        return this.endTurn(event.data.turn_id);
      case "tool.invoked":
        return this.invoke(event);
      case "tool.result":
        return this.result(event);
      case "run.state":
        return this.state(event);
      case "run.completed":
      case "run.cancelled":
      case "run.failed":
        return this.finish(event);
      default:
        return [{ type: EventType.CUSTOM, name: `parley.${event.type}`, value: event.data }];
    }
  }

  private startTurn(e: EventOf<"agent.turn_started">): AGUIEvent[] {
    const { turn_id: id, agent } = e.data;
    if (this.open.has(id) || this.messages.some((m) => m.id === id)) return [];
    const step = this.steps.has(agent) ? `${agent} (${id})` : agent;
    this.steps.add(step);
    this.open.set(id, { step, sent: 0, reasoning: null });
    this.messages.push({ id, role: "assistant", content: "", name: agent });
    return [
      { type: EventType.STEP_STARTED, stepName: step },
      { type: EventType.TEXT_MESSAGE_START, messageId: id, role: "assistant", name: agent },
    ];
  }

  /** The part of `text` (starting at `offset` in the turn's text) the client does not have yet. */
  private text(turnId: string, text: string, offset: number | undefined): AGUIEvent[] {
    const turn = this.open.get(turnId);
    if (!turn) return [];
    const from = offset === undefined ? 0 : Math.max(0, turn.sent - offset);
    const delta = offset === undefined || offset <= turn.sent ? text.slice(from) : text;
    if (!delta) return [];
    const out = this.closeReasoning(turn);
    turn.sent += delta.length;
    const message = this.messages.find((m) => m.id === turnId);
    if (message?.role === "assistant") message.content = `${message.content ?? ""}${delta}`;
    out.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: turnId, delta });
    return out;
  }

  private reason(e: EventOf<"agent.reasoning">): AGUIEvent[] {
    const turn = this.open.get(e.data.turn_id);
    if (!turn || !e.data.text) return [];
    const out: AGUIEvent[] = [];
    if (!turn.reasoning?.open) {
      const id = turn.reasoning?.id ?? `${e.data.turn_id}_reasoning`;
      turn.reasoning = { id, open: true, sent: turn.reasoning?.sent ?? 0 };
      if (!this.messages.some((m) => m.id === id)) this.messages.push({ id, role: "reasoning", content: "" });
      out.push(...this.openReasoning(id));
    }
    const reasoning = turn.reasoning;
    const skip = e.data.offset === undefined ? 0 : Math.max(0, reasoning.sent - e.data.offset);
    const delta = e.data.text.slice(skip);
    if (!delta) return out;
    reasoning.sent += delta.length;
    const message = this.messages.find((m) => m.id === reasoning.id);
    if (message?.role === "reasoning") message.content += delta;
    out.push({ type: EventType.REASONING_MESSAGE_CONTENT, messageId: reasoning.id, delta });
    return out;
  }

  private openReasoning(id: string): AGUIEvent[] {
    return [
      { type: EventType.REASONING_START, messageId: id },
      { type: EventType.REASONING_MESSAGE_START, messageId: id, role: "reasoning" },
    ];
  }

  private closeReasoning(turn: OpenTurn): AGUIEvent[] {
    if (!turn.reasoning?.open) return [];
    turn.reasoning.open = false;
    const id = turn.reasoning.id;
    return [
      { type: EventType.REASONING_MESSAGE_END, messageId: id },
      { type: EventType.REASONING_END, messageId: id },
    ];
  }

  private endTurn(turnId: string): AGUIEvent[] {
    const turn = this.open.get(turnId);
    if (!turn) return [];
    this.open.delete(turnId);
    this.steps.delete(turn.step);
    return [
      ...this.closeReasoning(turn),
      { type: EventType.TEXT_MESSAGE_END, messageId: turnId },
      { type: EventType.STEP_FINISHED, stepName: turn.step },
    ];
  }

  /** The turn a call belongs to: the one whose id prefixes the call's (lib/runs/state/run-state.ts says the same). */
  private ownerOf(callId: string): Message | undefined {
    return this.messages.find((m) => m.role === "assistant" && callId.startsWith(`${m.id}_`));
  }

  private invoke(e: EventOf<"tool.invoked">): AGUIEvent[] {
    const { call_id: id, tool } = e.data;
    const owner = this.ownerOf(id);
    if (owner?.role !== "assistant" || owner.toolCalls?.some((c) => c.id === id)) return [];
    const args = JSON.stringify(e.data.input ?? {});
    owner.toolCalls = [...(owner.toolCalls ?? []), { id, type: "function", function: { name: tool, arguments: args } }];
    return [
      { type: EventType.TOOL_CALL_START, toolCallId: id, toolCallName: tool, parentMessageId: owner.id },
      { type: EventType.TOOL_CALL_ARGS, toolCallId: id, delta: args },
      { type: EventType.TOOL_CALL_END, toolCallId: id },
    ];
  }

  private result(e: EventOf<"tool.result">): AGUIEvent[] {
    const id = `${e.data.call_id}_result`;
    const owner = this.ownerOf(e.data.call_id);
    if (!owner || this.messages.some((m) => m.id === id)) return [];
    const content = e.data.output_preview || (e.data.success ? "ok" : "failed");
    // As the client places it: right after the calling message and the results already there.
    let at = this.messages.indexOf(owner) + 1;
    while (this.messages[at]?.role === "tool") at++;
    this.messages.splice(at, 0, { id, role: "tool", toolCallId: e.data.call_id, content });
    return [{ type: EventType.TOOL_CALL_RESULT, messageId: id, toolCallId: e.data.call_id, content, role: "tool" }];
  }

  private state(e: EventOf<"run.state">): AGUIEvent[] {
    const first = !this.hasShared;
    this.shared = e.data.state;
    this.hasShared = true;
    if (e.data.patch && !first) return [{ type: EventType.STATE_DELTA, delta: toAgUiPatch(e.data.patch) }];
    return [{ type: EventType.STATE_SNAPSHOT, snapshot: e.data.state }];
  }

  private finish(e: EventOf<"run.completed"> | EventOf<"run.cancelled"> | EventOf<"run.failed">): AGUIEvent[] {
    const out = [...this.open.keys()].flatMap((id) => this.endTurn(id));
    for (const step of this.steps) out.push({ type: EventType.STEP_FINISHED, stepName: step });
    this.steps.clear();
    if (e.type === "run.failed")
      return [...out, this.finishWith({ status: "failed", error_type: e.data.error_type, message: e.data.message })];
    if (e.type === "run.cancelled") return [...out, this.finishWith({ status: "cancelled" })];
    const { success, summary, usage } = e.data;
    return [...out, this.finishWith({ status: "completed", result: { success, summary, usage } })];
  }

  private finishWith(end: RunEnd): AGUIEvent {
    const { threadId, runId } = this.options;
    this.open.clear();
    this.steps.clear();
    if (end.status === "failed") this.ended = { type: EventType.RUN_ERROR, message: end.message, code: end.error_type };
    else if (end.status === "cancelled")
      this.ended = { type: EventType.RUN_FINISHED, threadId, runId, outcome: { type: "cancelled" } };
    else this.ended = { type: EventType.RUN_FINISHED, threadId, runId, result: end.result, outcome: { type: "success" } };
    return this.ended;
  }
}
