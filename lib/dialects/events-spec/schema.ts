// The events spec (seed document 002, "Real-Time Event Streaming"): its event names and `{type, job}`-style
// payloads, checked once here and used by the server (publishing, framing) and the browser (its hooks).
import { z } from "zod";

/** The spec's event types, each with the payload field it carries. */
export const SPEC_EVENTS = {
  "ingest.job.created": "job",
  "ingest.job.updated": "job",
  "ingest.job.completed": "job",
  "ingest.job.failed": "job",
  "agent.run.created": "run",
  "agent.run.updated": "run",
  "agent.run.completed": "run",
  "agent.run.failed": "run",
  "agent.step.updated": "step",
  "agent.message.appended": "message",
  "workflow.node_state.updated": "node",
  "workflow.run.updated": "run",
} as const;
export type SpecEventType = keyof typeof SPEC_EVENTS;
export const SPEC_EVENT_TYPES = Object.keys(SPEC_EVENTS) as SpecEventType[];

/** The three streams of a project, as path segments: ingest jobs, agent runs, workflow runs. */
export const SPEC_KINDS = ["ingest", "agent-runs", "workflows"] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

export const isSpecEventType = (type: string): type is SpecEventType => Object.hasOwn(SPEC_EVENTS, type);

export function kindOf(type: SpecEventType): SpecKind {
  if (type.startsWith("ingest.")) return "ingest";
  return type.startsWith("agent.") ? "agent-runs" : "workflows";
}

const text = z.string().min(1).max(200);
/** A job or run names itself by `id`; a step, message or node names its run by `run_id`. */
const owned = z.object({ id: text }).passthrough();
const ofRun = z.object({ run_id: text }).passthrough();

/** One event as the spec's systems emit it: `{type, job}`, `{type, run}`, `{type, step}`, `{type, message}`, `{type, node}`. */
export const specEventSchema = z
  .object({ type: z.enum(SPEC_EVENT_TYPES as [SpecEventType, ...SpecEventType[]]) })
  .passthrough()
  .superRefine((event, ctx) => {
    const field = SPEC_EVENTS[event.type];
    const parsed = (field === "job" || field === "run" ? owned : ofRun).safeParse((event as Record<string, unknown>)[field]);
    if (!parsed.success) {
      const need = field === "job" || field === "run" ? "an object with a string id" : "an object with a string run_id";
      ctx.addIssue({ code: "custom", path: [field], message: `${event.type} carries ${field}: ${need}` });
    }
    for (const key of Object.keys(event)) {
      if (key !== "type" && key !== field)
        ctx.addIssue({ code: "custom", path: [key], message: `${event.type} carries only type and ${field}` });
    }
  });

export type SpecPayload = Record<string, unknown>;

/** An event as the spec's clients receive it: its type and its one payload field. */
export interface SpecEvent {
  type: SpecEventType;
  job?: SpecPayload;
  run?: SpecPayload;
  step?: SpecPayload;
  message?: SpecPayload;
  node?: SpecPayload;
}
export type IngestJobEvent = SpecEvent & { type: `ingest.job.${string}`; job: SpecPayload };

/** The job or run an event is about: `job.id`, `run.id`, or the `run_id` of a step, message or node. */
export function subjectOf(type: SpecEventType, payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null;
  const field = SPEC_EVENTS[type];
  const value = (payload as Record<string, unknown>)[field === "job" || field === "run" ? "id" : "run_id"];
  return typeof value === "string" ? value : null;
}

/** A project id in a path: the hub channel `project.<id>` carries it, so 1–100 of a-z, 0-9, '_', '-'. */
export const PROJECT_ID_PATTERN = /^[a-z0-9_-]{1,100}$/;
export const projectChannelName = (projectId: string) => `project.${projectId}`;
