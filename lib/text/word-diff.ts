// What changed between two texts, word by word (whitespace kept with the word before it), for the compare
// view of a run and its forks. The longest common subsequence of the words, after the shared start and
// end are set aside; texts too long for that table (MAX_CELLS) are compared line by line instead. Pure.

export type DiffOp = "same" | "added" | "removed";

export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** The largest table of the common-subsequence search: ~2,000 × 2,000 words, a few MB. */
export const MAX_CELLS = 4_000_000;

/** Words with the whitespace after them: joined back, they are the text exactly. */
export const words = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];
const lines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Adjacent parts of the same kind become one. */
function merged(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    if (!p.text) continue;
    const last = out.at(-1);
    if (last?.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

function lcsDiff(a: readonly string[], b: readonly string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: the longest common subsequence of a[i…] and b[j…].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lengths[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      parts.push({ op: "same", text: a[i] as string });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      parts.push({ op: "removed", text: a[i++] as string });
    } else {
      parts.push({ op: "added", text: b[j++] as string });
    }
  }
  while (i < n) parts.push({ op: "removed", text: a[i++] as string });
  while (j < m) parts.push({ op: "added", text: b[j++] as string });
  return parts;
}

function diffTokens(a: readonly string[], b: readonly string[]): DiffPart[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middleA = a.slice(start, a.length - end);
  const middleB = b.slice(start, b.length - end);
  const middle =
    middleA.length * middleB.length <= MAX_CELLS
      ? lcsDiff(middleA, middleB)
      : [
          { op: "removed" as const, text: middleA.join("") },
          { op: "added" as const, text: middleB.join("") },
        ];
  return [{ op: "same", text: a.slice(0, start).join("") }, ...middle, { op: "same", text: a.slice(a.length - end).join("") }];
}

/** The parts of `before` and `after`: the "same" and "removed" parts are `before`, "same" and "added" `after`. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = words(before);
  const b = words(after);
  if (a.length * b.length <= MAX_CELLS) return merged(diffTokens(a, b));
  return merged(diffTokens(lines(before), lines(after)));
}

/** How much of the text changed, 0–1, by characters (for "unchanged" and "rewritten" labels). */
export function changedShare(parts: readonly DiffPart[]): number {
  let changed = 0;
  let total = 0;
  for (const p of parts) {
    total += p.text.length;
    if (p.op !== "same") changed += p.text.length;
  }
  return total ? changed / total : 0;
}
