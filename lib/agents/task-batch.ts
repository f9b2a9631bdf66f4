// AgentArea's batch mode: all of a task's events at once. Reads the run's channel from its first event
// (replay, then live, as every run stream does) until the terminal event — or until `waitMs` has passed,
// or the caller has gone: then the events so far, and where the task stream continues from.
import { toWorkflowEvent, type WorkflowContext } from "@/lib/dialects/agentarea/workflow-events";
import { ORIGIN } from "@/lib/events/cursor";
import { runChannel } from "@/lib/events/envelope";
import type { Hub, Unsubscribe } from "@/lib/hub/types";
import { isTerminalEventType } from "@/lib/runs/schemas";
import type { TaskEvent } from "./task-schemas";

export interface CollectedEvents {
  events: TaskEvent[];
  /** Whether `events` ends with the task's terminal event (WorkflowCompleted / WorkflowFailed). */
  complete: boolean;
  /** The cursor of the last event read: the task stream's `Last-Event-ID` to continue from. */
  last_event_id: string | null;
}

export function collectTaskEvents(
  hub: Hub,
  input: { runId: string; context: WorkflowContext; waitMs: number; signal?: AbortSignal },
): Promise<CollectedEvents> {
  return new Promise((resolve) => {
    const events: TaskEvent[] = [];
    let last: string | null = null;
    let done = false;
    let unsubscribe: Unsubscribe | undefined;
    const finish = (complete: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", abandon);
      unsubscribe?.();
      resolve({ events, complete, last_event_id: last });
    };
    const abandon = () => finish(false);
    const timer = setTimeout(abandon, input.waitMs);
    input.signal?.addEventListener("abort", abandon, { once: true });
    unsubscribe = hub.subscribe(runChannel(input.runId), { after: ORIGIN }, (event) => {
      if (done) return;
      last = event.id;
      const frame = toWorkflowEvent(event, input.context);
      if (frame) events.push(frame.data as TaskEvent);
      if (isTerminalEventType(event.type)) finish(true);
    });
    // The memory hub replays inside subscribe(): a finished run is over before `unsubscribe` was set.
    if (done) unsubscribe();
  });
}
