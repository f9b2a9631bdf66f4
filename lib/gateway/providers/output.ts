// Counting a stream's output as it passes, for its running cost (providers tell the usage only at the end).
import type { StreamProgress } from "./types";

/** Adds one message's output pieces (text, tool arguments, reasoning) to what the stream has carried. */
export function outputOf(progress: StreamProgress, pieces: (string | null | undefined)[]): void {
  let bytes = 0;
  for (const piece of pieces) if (piece) bytes += Buffer.byteLength(piece, "utf8");
  if (bytes === 0) return;
  progress.outputChunks++;
  progress.outputBytes += bytes;
}
