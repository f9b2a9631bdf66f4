// Types of the resume bench's reader bookkeeping (resume-reader.mjs), for its test.
export type ResumeCursor =
  | { kind: "last-event-id" }
  | { kind: "json-id-query"; name: string }
  | { kind: "chars-query"; name: string };
export function resumeRequest(
  path: string,
  headers: Record<string, string>,
  cursor: ResumeCursor,
  value: string | null,
): { path: string; headers: Record<string, string> };
export function cursorAfter(cursor: ResumeCursor, frame: string, value: string | null): string | null;
export function gapsOf(accepted: number[], first: number, seen: Set<number>): number;
