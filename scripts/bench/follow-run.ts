// Follows one run's event stream to its end, each event stamped with when this client received it —
// the timing source of the run benches (handoff, steering).
import { openSse } from "./sse-client.mjs";

export interface ReceivedFrame {
  type: string;
  ts: string;
  data: Record<string, unknown> & { turn_id?: string };
  receivedAt: number;
}

/** Resolves with every frame once the server ends the stream; `onFrame` sees each as it arrives. */
export function followRun(port: number, runId: string, onFrame?: (frame: ReceivedFrame) => void): Promise<ReceivedFrame[]> {
  const frames: ReceivedFrame[] = [];
  return new Promise((resolve, reject) => {
    openSse({
      port,
      path: `/api/v1/runs/${runId}/events`,
      // Whole frames only (the reader keeps a partial one until it is complete).
      onFrames(text, receivedAt) {
        for (const block of text.split("\n\n")) {
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (!data) continue;
          const frame = { ...(JSON.parse(data.slice(6)) as Omit<ReceivedFrame, "receivedAt">), receivedAt };
          frames.push(frame);
          onFrame?.(frame);
        }
      },
      onEnd: () => resolve(frames),
    }).catch(reject);
  });
}
