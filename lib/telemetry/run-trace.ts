// A trace per run and a span per agent turn, in the OpenTelemetry GenAI semantic conventions. Without a
// registered tracer provider (no OTLP endpoint) every span here is the API's no-op.
import { context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { otelState } from "./histograms";

const tracer = () => trace.getTracer("parley");

/** `provider:model` (Parley's model ids) as the conventions split it. */
export function modelAttributes(modelId: string): { "gen_ai.provider.name": string; "gen_ai.request.model": string } {
  const at = modelId.indexOf(":");
  return at < 0
    ? { "gen_ai.provider.name": modelId, "gen_ai.request.model": modelId }
    : { "gen_ai.provider.name": modelId.slice(0, at), "gen_ai.request.model": modelId.slice(at + 1) };
}

/** Runs `fn` (the whole run) as the root span of its own trace. */
export function withRunSpan<T>(run: { id: string; strategy: string }, fn: () => Promise<T>): Promise<T> {
  const attributes = { "parley.run.id": run.id, "parley.run.strategy": run.strategy };
  return tracer().startActiveSpan(`run ${run.strategy}`, { root: true, attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

interface TurnInfo {
  id: string;
  agent: string;
  role: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  status: string;
  error?: string | null;
}

/** One agent turn's span: started before the model call, ended with the turn's usage. */
export class TurnSpan {
  private readonly span: Span;

  constructor(runId: string, turn: TurnInfo) {
    this.span = tracer().startSpan(`invoke_agent ${turn.agent}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": turn.agent,
        ...modelAttributes(turn.model),
        "parley.run.id": runId,
        "parley.turn.id": turn.id,
        "parley.agent.role": turn.role,
      },
    });
  }

  /** Runs `fn` (the model call) inside this span, so the AI SDK's model spans are its children. */
  around<T>(fn: () => Promise<T>): Promise<T> {
    return context.with(trace.setSpan(context.active(), this.span), fn);
  }

  end(turn: TurnInfo): void {
    this.span.setAttributes({
      "gen_ai.usage.input_tokens": turn.inputTokens,
      "gen_ai.usage.output_tokens": turn.outputTokens,
      "parley.turn.status": turn.status,
    });
    if (turn.status !== "completed") this.span.setStatus({ code: SpanStatusCode.ERROR, message: turn.error ?? turn.status });
    this.span.end();
  }
}

/** The AI SDK's own model-call spans (`experimental_telemetry`), on only when traces are exported. */
export function modelCallTelemetry(agent: string) {
  return { isEnabled: otelState.enabled, functionId: `parley.${agent}`, recordInputs: false, recordOutputs: false };
}
