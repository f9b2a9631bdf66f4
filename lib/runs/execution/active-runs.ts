import "server-only";
// Runs executing in this process, so a control request reaching this instance acts at once and the
// lease sweeper leaves them alone. One map per process, whichever module copy asks (processGlobal).
import { processGlobal } from "@/lib/process-global";
import type { RunContext } from "../engine/engine";

export const activeRuns = processGlobal("runs:active", () => new Map<string, RunContext>());
