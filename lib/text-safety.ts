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

// Characters a reader cannot see that still change what they read: the bidirectional controls (U+202E
// turns "evil\u202Etxt.exe" into "evilexe.txt"; U+2066–2069, U+200E/F, U+061C) and the default-ignorable
// ones (U+200B, U+FEFF, U+2060, soft hyphen, Hangul fillers…) that make two names look alike or hide text.
// Kept: the joiners and variation selectors that scripts and emoji need (U+200C/D, U+FE00–FE0F, U+E0100–
// U+E01EF, Mongolian selectors), and tag characters only inside an emoji tag sequence (a subdivision flag);
// elsewhere they are invisible text. Interlinear annotation marks (U+FFF9–FFFB) hide text too.
const HIDDEN_OUTSIDE_EMOJI =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the joiners are single characters here, listed to be kept
  /(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|(?![\u200c\u200d\ufe00-\ufe0f\u180b-\u180d\u180f\u{e0100}-\u{e01ef}])[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\ufff9-\ufffb]/gu;

/** Whether `text` holds an invisible or bidirectional formatting character (see above). */
export function hasHiddenCharacters(text: string): boolean {
  for (const match of text.matchAll(HIDDEN_OUTSIDE_EMOJI)) if (match[1] === undefined) return true;
  return false;
}

/** `text` without its invisible and bidirectional formatting characters (emoji sequences kept whole). */
export function withoutHiddenCharacters(text: string): string {
  return text.replace(HIDDEN_OUTSIDE_EMOJI, (match, emoji: string | undefined) => (emoji === undefined ? "" : match));
}

export const ONE_LINE_MESSAGE =
  "may not contain line breaks, control characters, or invisible or bidirectional formatting characters";

/**
 * Whether `text` is fit for a one-line field (a name, a title): no control characters, no line breaks,
 * nothing invisible or reordering.
 */
export function isOneLine(text: string): boolean {
  return !ONE_LINE_FORBIDDEN.test(text) && !hasHiddenCharacters(text);
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
