// Steering a run: what people may send (notes, votes, comments) and how a run asks for approval.
// Pure zod, shared by the routes, the engine, the events and the clients.
import { z } from "zod";
import { isCursor } from "@/lib/events/cursor";
import { sortableIdPattern, sortableIdSource } from "@/lib/id-patterns";

/** The longest note, comment or redirect instruction. */
export const MAX_CONTENT = 4000;

export const GATE_DECISIONS = ["approve", "redirect", "reject"] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];

export const APPROVAL_MODES = ["none", "each_step", "final"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

const content = z.string().trim().min(1, "content is required").max(MAX_CONTENT);

/** How a run asks for people's approval, stored in `runs.config.approval`. */
export const approvalSchema = z.object({
  mode: z.enum(APPROVAL_MODES),
  /** Editors whose approval a gate needs. */
  quorum: z.number().int().min(1).max(50),
  /** A gate nobody decides within this is decided by `default_action` (null: it waits as long as it takes). */
  timeout_s: z.number().int().positive().nullable(),
  default_action: z.enum(["approve", "reject"]),
});
export type Approval = z.infer<typeof approvalSchema>;
export const NO_APPROVAL: Approval = { mode: "none", quorum: 1, timeout_s: null, default_action: "reject" };

/** The approval fields of `POST /api/v1/runs`. */
export const approvalInputShape = {
  approval: z.enum(APPROVAL_MODES).optional(),
  approval_quorum: z.number().int().min(1).max(50).optional(),
  approval_timeout_s: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
  approval_timeout_action: z.enum(["approve", "reject"]).optional(),
};

/**
 * POST /api/v1/runs/{id}/interjections: a note to the run's agents. Parley says "note" everywhere; only the
 * wire keeps DESIGN.md's name for it (this path, the `run.interjection` event, `interjections` lists).
 */
export const noteInputSchema = z.object({ content, to: z.string().trim().min(1).max(40).nullable().optional() }).strict();

/** POST /api/v1/runs/{id}/gates/{gate_id} */
export const voteInputSchema = z
  .object({ decision: z.enum(GATE_DECISIONS), note: content.optional() })
  .strict()
  .refine((v) => v.decision !== "redirect" || v.note, {
    message: "a redirect needs a note: what should the agent do instead?",
    path: ["note"],
  });

/** Where a comment is pinned: a turn, or any event of the run. */
export const anchorSchema = z.union([
  z.object({ turn_id: z.string().min(1).max(100) }).strict(),
  z.object({ event_id: z.string().refine(isCursor, "an event id is <ms>-<seq>") }).strict(),
]);
export type Anchor = z.infer<typeof anchorSchema>;

/** POST /api/v1/runs/{id}/comments */
export const commentInputSchema = z.object({ content, anchor: anchorSchema }).strict();

/** A gate of a run (`<run id>_g<n>`), for run ids of either length (lib/id-patterns.ts). */
export const GATE_ID = new RegExp(`^${sortableIdSource("run")}_g\\d{1,4}$`);
export const COMMENT_ID = sortableIdPattern("cmt");
