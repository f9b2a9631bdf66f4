// Types of the bench's minimal SSE reader (sse-client.mjs), for the TypeScript scripts that use it.
import type { ClientRequest } from "node:http";

export function openSse(options: {
  port: number;
  path: string;
  headers?: Record<string, string>;
  onFrames(text: string, receivedAt: number): void;
  onEnd?: () => void;
}): Promise<ClientRequest>;
