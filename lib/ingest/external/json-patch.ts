// Applying an RFC 6902 JSON Patch (AG-UI STATE_DELTA) to a run's shared state, with fast-json-patch —
// the library @ag-ui/client applies the same deltas with, so Parley's state and a client's agree.

import type { JsonPatch as AgUiPatch } from "@ag-ui/core";
import { applyPatch, type Operation } from "fast-json-patch";
import type { z } from "zod";
import type { jsonPatchSchema } from "@/lib/events/schemas";

export type JsonPatch = z.infer<typeof jsonPatchSchema>;

/** The operations as the library types them; `from` is required where the RFC requires it. */
function toOperations(patch: JsonPatch): Operation[] {
  return patch.map((o): Operation => {
    switch (o.op) {
      case "add":
      case "replace":
      case "test":
        return { op: o.op, path: o.path, value: o.value };
      case "remove":
        return { op: "remove", path: o.path };
      default:
        if (o.from === undefined) throw new Error(`${o.op} at ${o.path} needs a "from"`);
        return { op: o.op, path: o.path, from: o.from };
    }
  });
}

/** The same operations as @ag-ui/core types them (STATE_DELTA's `delta`). */
export function toAgUiPatch(patch: JsonPatch): AgUiPatch {
  return patch.map((o): AgUiPatch[number] => {
    switch (o.op) {
      case "add":
      case "replace":
      case "test":
        return { op: o.op, path: o.path, value: o.value };
      case "remove":
        return { op: "remove", path: o.path };
      default:
        return { op: o.op, path: o.path, from: o.from ?? "" };
    }
  });
}

/** The patched copy of `document`, or an Error naming what did not apply (the document is left alone). */
export function patched(document: unknown, patch: JsonPatch): unknown {
  // validate = true: every operation is checked (paths exist, tests hold) and prototype writes refused.
  return applyPatch(structuredClone(document ?? {}), toOperations(patch), true, true, true).newDocument;
}
