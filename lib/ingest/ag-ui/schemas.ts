// AG-UI at Parley's edges: the create body that has Parley call an AG-UI agent, and the body of
// POST /api/v1/ag-ui (a RunAgentInput, checked by @ag-ui/core's own schema, plus Parley's options).
import { z } from "zod";
import { createExternalRunSchema } from "@/lib/ingest/external/schemas";
import { STRATEGIES } from "@/lib/runs/schemas";

/** Headers Parley must set itself, or that would let a caller speak for Parley's connection. */
const RESERVED_HEADERS =
  /^(host|content-length|content-type|accept|connection|transfer-encoding|cookie|upgrade|te|trailer|keep-alive|proxy-.*)$/i;

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "a header name")
  .refine((name) => !RESERVED_HEADERS.test(name), "Parley sets this header itself");

export const agUiSourceSchema = z
  .object({
    ag_ui: z
      .object({
        url: z.url({ protocol: /^https?$/, error: "an http or https URL" }).max(2000),
        /** Sent with Parley's request to the agent (its credentials, say); kept in memory only. */
        headers: z
          .record(
            headerName,
            z
              .string()
              .max(4096)
              .regex(/^[^\r\n]*$/, "one line"),
          )
          .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
          .optional(),
        forwarded_props: z.json().optional(),
      })
      .strict(),
  })
  .strict();

export const createAgUiRunSchema = createExternalRunSchema.extend({ source: agUiSourceSchema });
export type CreateAgUiRunInput = z.infer<typeof createAgUiRunSchema>;
export type AgUiSource = CreateAgUiRunInput["source"]["ag_ui"];

/** `forwardedProps` of POST /api/v1/ag-ui: how Parley runs the task (the body's last user message). */
export const agUiRunOptionsSchema = z
  .object({
    strategy: z.enum(STRATEGIES).optional(),
    rounds: z.number().int().min(1).max(5).optional(),
    budget_usd: z.number().positive().max(1000).optional(),
    session_id: z.string().min(1).max(100).optional(),
  })
  .loose();
