// The resume bench's reader bookkeeping, pure (resume-worker.mjs holds the connections): how a reader hands
// its cursor back, what a frame moves it to, and which accepted events a reader never got.

/** The request that resumes `path` from `value` (null: the first connection, no cursor), per `cursor`'s kind. */
export function resumeRequest(path, headers, cursor, value) {
  if (value === null) return { path, headers };
  if (cursor.kind === "last-event-id") return { path, headers: { ...headers, "Last-Event-ID": value } };
  const sep = path.includes("?") ? "&" : "?";
  return { path: `${path}${sep}${cursor.name}=${encodeURIComponent(value)}`, headers };
}

/** The cursor after one frame (a "chars-query" cursor moves with the bytes received, not per frame). */
export function cursorAfter(cursor, frame, value) {
  if (cursor.kind === "last-event-id") return /^id: ?(.*)$/m.exec(frame)?.[1] ?? value;
  if (cursor.kind === "json-id-query" && /"seq":\d+/.test(frame)) return /"id":"(\d+-\d+)"/.exec(frame)?.[1] ?? value;
  return value;
}

/** Events the server accepted after the reader's first that it never got. */
export const gapsOf = (accepted, first, seen) => accepted.filter((n) => n > first && !seen.has(n)).length;
