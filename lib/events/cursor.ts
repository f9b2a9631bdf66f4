// Event cursors: `<ms>-<seq>`, the Redis stream ID format, strictly increasing within a channel.

export type Cursor = string;

/** The cursor before every event: "start from the beginning of retained history". */
export const ORIGIN: Cursor = "0-0";

const CURSOR = /^(\d{1,16})-(\d{1,16})$/;

/** A well-formed cursor whose parts are safe integers: one this module can parse and compare. */
export function isCursor(value: string): boolean {
  return parseCursor(value) !== null;
}

export function parseCursor(value: string): { ms: number; seq: number } | null {
  const m = CURSOR.exec(value);
  if (!m) return null;
  const ms = Number(m[1]);
  const seq = Number(m[2]);
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) return null;
  return { ms, seq };
}

/** Negative when a < b, zero when equal, positive when a > b. Both must be valid cursors. */
export function compareCursors(a: Cursor, b: Cursor): number {
  const x = parseCursor(a);
  const y = parseCursor(b);
  if (!x || !y) throw new TypeError(`not a cursor: ${x ? b : a}`);
  return x.ms - y.ms || x.seq - y.seq;
}

/** The next cursor after `last` at wall-clock time `now`, never going backwards if the clock does. */
export function nextCursor(last: Cursor | null, now: number): Cursor {
  const prev = last ? parseCursor(last) : null;
  if (!prev || now > prev.ms) return `${now}-0`;
  return `${prev.ms}-${prev.seq + 1}`;
}
