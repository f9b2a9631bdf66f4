// What user-supplied text may hold. NUL and lone surrogates break PostgreSQL and some JSON readers;
// control characters and line breaks in a one-line field (a name, a title) let it forge other lines
// on a terminal or in an export. One set of rules for every request body and every schema.

/** NUL, or a UTF-16 surrogate without its partner (not encodable as UTF-8). */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableText(text: string): boolean {
  return text.includes("\u0000") || UNPAIRED_SURROGATE.test(text);
}

// C0 controls (tab and line breaks included), DEL, C1 controls, and the line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ONE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether `text` is fit for a one-line field: no control characters, no line breaks. */
export function isOneLine(text: string): boolean {
  return !ONE_LINE_FORBIDDEN.test(text);
}

export interface JsonProblem {
  path: string;
  message: string;
}

/**
 * The first reason a parsed JSON value is not acceptable input: nested deeper than `maxDepth`, or a
 * string (or key) holding NUL or a lone surrogate. Walks with its own stack, so depth cannot overflow it.
 */
export function jsonProblem(value: unknown, maxDepth: number): JsonProblem | null {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, path, depth] = item;
    if (typeof v === "string") {
      if (hasUnstorableText(v)) return { path, message: "text may not contain NUL or unpaired surrogates" };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= maxDepth) return { path, message: `nested deeper than ${maxDepth} levels` };
    const entries = Array.isArray(v) ? v.entries() : Object.entries(v);
    for (const [k, child] of entries) {
      const childPath = path ? `${path}.${k}` : String(k);
      if (typeof k === "string" && hasUnstorableText(k)) {
        return { path: childPath, message: "keys may not contain NUL or unpaired surrogates" };
      }
      stack.push([child, childPath, depth + 1]);
    }
  }
  return null;
}
