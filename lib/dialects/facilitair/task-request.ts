// Facilitair's start call, POST /api/stream/task: {task, context?}. Its own client sends `context` as an
// object ({"language": "python", "frameworks": ["fastapi"]}); plain strings are accepted too.
import { z } from "zod";

const CONTEXT_MAX = 8000;

export const compatTaskSchema = z
  .object({
    task: z.string().trim().min(1, "a task is required").max(4000),
    context: z
      .union([z.string().max(CONTEXT_MAX), z.record(z.string(), z.unknown())])
      .optional()
      .refine((c) => c === undefined || typeof c === "string" || JSON.stringify(c).length <= CONTEXT_MAX, {
        message: `context is at most ${CONTEXT_MAX} characters as JSON`,
      }),
  })
  .strict();
export type CompatTaskInput = z.infer<typeof compatTaskSchema>;

/** The run's task: the task, then its context — a string as it is, an object as "key: value" lines. */
export function taskWithContext({ task, context }: CompatTaskInput): string {
  if (context === undefined || context === "") return task;
  if (typeof context === "string") return `${task}\n\nContext: ${context}`;
  const lines = Object.entries(context).map(
    ([k, v]) => `- ${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "string" ? v : JSON.stringify(v)}`,
  );
  return lines.length ? `${task}\n\nContext:\n${lines.join("\n")}` : task;
}
