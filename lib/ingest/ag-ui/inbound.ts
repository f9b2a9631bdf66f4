// AG-UI in: a producer's AG-UI events as Parley's producer events (lib/ingest/external), which the
// lifecycle rules then check like any other. TEXT_MESSAGE_* (and CHUNK) → an agent turn and its tokens,
// the agent named by the current SUBAGENT or STEP (else the message's name or role); TOOL_CALL_* →
// tool.invoked / tool.result; STEP_* and SUBAGENT_* → steps; REASONING_* → the turn's reasoning;
// STATE_* → run.state; RUN_FINISHED / RUN_ERROR → the run's end; anything else → run.log, kept.
// Pure: given where the stream stood (inbound-state.ts), the events it maps to and where it now stands.
import { type AGUIEvent, EventType } from "@ag-ui/core";
import { AppError } from "@/lib/errors";
import type { BatchItem } from "@/lib/ingest/external/ingest";
import type { AgUiInput, InboundState } from "./inbound-state";

type Fields = Record<string, unknown>;
/** A non-empty string, or undefined (the protocol allows empty ids and names; Parley treats them as absent). */
const str = (v: string | undefined): string | undefined => v || undefined;
/** What names the agent of an event: its subagent, its name, its role — whichever it carries. */
type Speaker = { subagentRunId?: string; name?: string; role?: string };

export class InboundMapper {
  readonly items: BatchItem[] = [];
  private where = "";

  constructor(readonly state: InboundState) {}

  push(input: AgUiInput, index: number): void {
    const e = input.known ? input.event : null;
    this.where = `events[${index}] (${input.known ? input.event.type : input.type})`;
    const chunk = this.state.chunk;
    if (chunk && !(e?.type === EventType.TEXT_MESSAGE_CHUNK && (str(e.messageId) ?? chunk) === chunk)) {
      this.endMessage(chunk);
    }
    const toolChunk = this.state.toolChunk;
    if (toolChunk && !(e?.type === EventType.TOOL_CALL_CHUNK && (str(e.toolCallId) ?? toolChunk) === toolChunk)) {
      this.endTool(toolChunk);
    }
    if (input.known) this.map(input.event, input.raw);
    else this.emit("run.log", { source: "ag-ui", type: input.type, data: input.raw });
  }

  /** 422 for this event, naming the field at fault: the batch is then refused whole. */
  private refuse(field: string, message: string): never {
    throw new AppError("validation_failed", `${this.where}: ${message}`, {
      issues: [{ path: `${this.where}.${field}`, message }],
    });
  }

  private emit(type: string, data: Fields): void {
    this.items.push({ type, data, where: this.where });
  }

  private map(e: AGUIEvent, raw: Record<string, unknown>): void {
    switch (e.type) {
      case EventType.RUN_STARTED:
        return; // the run started when Parley created it
      case EventType.TEXT_MESSAGE_START:
        this.startMessage(e.messageId, e);
        return;
      case EventType.TEXT_MESSAGE_CONTENT:
        this.token(e.messageId, e.delta);
        return;
      case EventType.TEXT_MESSAGE_END:
        this.endMessage(e.messageId);
        return;
      case EventType.TEXT_MESSAGE_CHUNK:
        this.chunk(e);
        return;
      case EventType.TOOL_CALL_START:
        this.startTool(e.toolCallId, e.toolCallName, str(e.parentMessageId), e);
        return;
      case EventType.TOOL_CALL_ARGS:
        this.toolArgs(e.toolCallId, e.delta);
        return;
      case EventType.TOOL_CALL_END:
        this.endTool(e.toolCallId);
        return;
      case EventType.TOOL_CALL_CHUNK:
        this.toolChunk(e);
        return;
      case EventType.TOOL_CALL_RESULT:
        this.toolResult(e.toolCallId, e.content);
        return;
      case EventType.STATE_SNAPSHOT:
        this.emit("run.state", { state: e.snapshot ?? null });
        return;
      case EventType.STATE_DELTA:
        this.emit("run.state", { patch: e.delta });
        return;
      case EventType.STEP_STARTED:
      case EventType.STEP_FINISHED:
        this.step(e.type === EventType.STEP_STARTED, e.stepName);
        return;
      case EventType.SUBAGENT_STARTED:
        this.subagentStarted(e.subagentRunId, str(e.name), str(e.description));
        return;
      case EventType.SUBAGENT_FINISHED:
        this.subagentEnded(e.subagentRunId, null);
        return;
      case EventType.SUBAGENT_ERROR:
        this.subagentEnded(e.subagentRunId, { code: str(e.code), message: str(e.message) });
        return;
      case EventType.REASONING_START:
      case EventType.REASONING_MESSAGE_START:
        this.reasoningTurn(e.messageId, e);
        return;
      case EventType.REASONING_MESSAGE_CONTENT:
      case EventType.REASONING_MESSAGE_CHUNK:
        this.reason(str(e.messageId), e.delta ?? "", e);
        return;
      case EventType.REASONING_MESSAGE_END:
        return;
      case EventType.REASONING_END:
        delete this.state.reasoning[e.messageId];
        return;
      case EventType.RUN_FINISHED:
        this.finish(e.outcome?.type === "cancelled", e.result);
        return;
      case EventType.RUN_ERROR:
        this.closeAll();
        this.emit("run.failed", { error_type: str(e.code) ?? "agent_error", message: str(e.message) ?? "The agent failed" });
        return;
      default:
        // Events with no run event of their own (RAW, CUSTOM, MESSAGES_SNAPSHOT, ACTIVITY_*…) are kept as they came.
        this.emit("run.log", { source: "ag-ui", type: e.type, data: raw });
        return;
    }
  }

  /** Who speaks: the event's subagent, else the innermost open step, else the message's name or role. */
  private agentFor(e: Speaker): string {
    const sub = str(e.subagentRunId);
    if (sub && this.state.subagents[sub]) return this.state.subagents[sub];
    return this.state.steps.at(-1) ?? str(e.name) ?? str(e.role) ?? "assistant";
  }

  private startMessage(messageId: string, e: Speaker): string {
    const open = this.state.open[messageId];
    if (open) return open.turn;
    const agent = this.agentFor(e);
    // Reasoning that came first opened this agent's turn: the text continues it.
    const pending = this.state.pending[agent];
    const turn = pending ?? messageId;
    if (pending) delete this.state.pending[agent];
    else this.emit("agent.turn_started", { turn_id: turn, agent, role: str(e.role) ?? "assistant", model: "ag-ui" });
    this.state.open[messageId] = { turn, agent };
    this.state.lastTurn[agent] = turn;
    return turn;
  }

  private token(messageId: string, delta: string): void {
    const turn = this.state.open[messageId]?.turn ?? messageId;
    if (delta) this.emit("agent.token", { turn_id: turn, text: delta });
  }

  private endMessage(messageId: string): void {
    const turn = this.state.open[messageId]?.turn ?? messageId;
    delete this.state.open[messageId];
    if (this.state.chunk === messageId) this.state.chunk = null;
    this.emit("agent.turn_completed", { turn_id: turn });
  }

  private chunk(e: Speaker & { messageId?: string; delta?: string }): void {
    const messageId = str(e.messageId) ?? this.state.chunk;
    if (!messageId) this.refuse("messageId", "the first TEXT_MESSAGE_CHUNK of a message needs a messageId");
    if (!this.state.open[messageId]) this.startMessage(messageId, e);
    this.state.chunk = messageId;
    this.token(messageId, e.delta ?? "");
  }

  private startTool(id: string, name: string, parent: string | undefined, e: Speaker): void {
    const agent = this.agentFor(e);
    const turn = (parent && (this.state.open[parent]?.turn ?? parent)) ?? this.state.lastTurn[agent] ?? null;
    this.state.tools[id] = { name, args: "", turn, agent };
  }

  private toolArgs(id: string, delta: string): void {
    const call = this.state.tools[id];
    if (!call) this.refuse("toolCallId", `no tool call ${id} has started`);
    call.args += delta;
  }

  private endTool(id: string): void {
    const call = this.state.tools[id];
    delete this.state.tools[id];
    if (this.state.toolChunk === id) this.state.toolChunk = null;
    if (!call) this.refuse("toolCallId", `no tool call ${id} has started`);
    let turn = call.turn;
    if (!turn) {
      // A call no message carries gets a turn of its own, so it shows in its agent's lane.
      turn = `call_${id}`;
      this.emit("agent.turn_started", { turn_id: turn, agent: call.agent, role: "tool caller", model: "ag-ui" });
      this.emit("agent.turn_completed", { turn_id: turn });
      this.state.lastTurn[call.agent] = turn;
    }
    this.emit("tool.invoked", { call_id: id, tool: call.name, input: parseArgs(call.args), turn_id: turn });
  }

  private toolChunk(e: Speaker & { toolCallId?: string; toolCallName?: string; parentMessageId?: string; delta?: string }): void {
    const id = str(e.toolCallId) ?? this.state.toolChunk;
    if (!id) this.refuse("toolCallId", "the first TOOL_CALL_CHUNK of a call needs a toolCallId");
    if (!this.state.tools[id]) this.startTool(id, str(e.toolCallName) ?? "tool", str(e.parentMessageId), e);
    this.state.toolChunk = id;
    this.toolArgs(id, e.delta ?? "");
  }

  private toolResult(id: string, content: unknown): void {
    if (this.state.tools[id]) this.endTool(id);
    const output = typeof content === "string" ? content : JSON.stringify(content ?? "");
    this.emit("tool.result", { call_id: id, success: true, output_preview: output });
  }

  private step(started: boolean, name: string): void {
    const { steps } = this.state;
    if (started) steps.push(name);
    else if (steps.lastIndexOf(name) >= 0) steps.splice(steps.lastIndexOf(name), 1);
    this.emit("step", { step: name, description: started ? "started" : "finished" });
  }

  private subagentStarted(id: string, name: string | undefined, description: string | undefined): void {
    const known = this.state.subagents[id] ?? name ?? id;
    this.state.subagents[id] = known;
    this.emit("step", { step: known, description: description ?? "subagent started" });
  }

  private subagentEnded(id: string, failure: { code?: string; message?: string } | null): void {
    const name = this.state.subagents[id] ?? id;
    delete this.state.subagents[id];
    if (failure) {
      this.emit("error", { error_type: failure.code ?? "subagent_error", message: `${name}: ${failure.message ?? "failed"}` });
      return;
    }
    this.emit("step", { step: name, description: "subagent finished" });
  }

  /** The turn a reasoning message belongs to: its agent's open turn, or one it opens for the text to come. */
  private reasoningTurn(reasoningId: string, e: Speaker): string {
    const known = this.state.reasoning[reasoningId];
    if (known) return known;
    const agent = this.agentFor(e);
    const open = Object.values(this.state.open).find((o) => o.agent === agent)?.turn ?? this.state.pending[agent];
    const turn = open ?? reasoningId;
    if (!open) {
      this.emit("agent.turn_started", { turn_id: turn, agent, role: "assistant", model: "ag-ui" });
      this.state.pending[agent] = turn;
      this.state.lastTurn[agent] = turn;
    }
    this.state.reasoning[reasoningId] = turn;
    return turn;
  }

  private reason(reasoningId: string | undefined, delta: string, e: Speaker): void {
    const turn = this.reasoningTurn(reasoningId ?? "reasoning", e);
    if (delta) this.emit("agent.reasoning", { turn_id: turn, text: delta });
  }

  /** Whatever the stream left open ends with the run. */
  private closeAll(): void {
    for (const id of Object.keys(this.state.tools)) this.endTool(id);
    for (const id of Object.keys(this.state.open)) this.endMessage(id);
    for (const turn of Object.values(this.state.pending)) this.emit("agent.turn_completed", { turn_id: turn });
    this.state.pending = {};
    this.state.steps = [];
  }

  private finish(cancelled: boolean, result: unknown): void {
    this.closeAll();
    if (cancelled) {
      this.emit("run.cancelled", { reason: "The agent cancelled its run" });
      return;
    }
    const summary = typeof result === "string" ? result : result === undefined ? "" : JSON.stringify(result);
    this.emit("run.completed", { success: true, summary: summary.slice(0, 4000) });
  }
}

/** Tool arguments are JSON when they parse as JSON; otherwise kept as the text that came. */
function parseArgs(args: string): unknown {
  if (!args.trim()) return {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
