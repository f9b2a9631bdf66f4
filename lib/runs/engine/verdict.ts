// Reading a verdict out of a reviewer's or judge's text.
import type { Verdict } from "../schemas";

/** Reads "VERDICT: PASS — SCORE: 8/10" (any case, any separator) from a reviewer's or judge's text. */
export function parseVerdict(text: string): Verdict {
  const m = /VERDICT:\s*(PASS|FAIL)\b([^\n]*)/i.exec(text);
  if (!m) return { passed: true, verdict: "No explicit verdict given" };
  const score = /SCORE:\s*(\d+(?:\.\d+)?)\s*\/\s*10/i.exec(m[2] ?? "")?.[1];
  return { passed: m[1]?.toUpperCase() === "PASS", verdict: m[0].trim(), ...(score && { score: Number(score) }) };
}

/**
 * A debate's verdict names the side the judge chose ("Decision: a monolith"), read from its
 * "DECISION: …" line; a PASS/FAIL alone says nothing about an either/or question. Without that line the
 * verdict is read as any other.
 */
export function parseDebateVerdict(text: string): Verdict {
  const verdict = parseVerdict(text);
  const side = /^\W*DECISION:\s*(.+?)\W*$/im.exec(text)?.[1]?.trim();
  if (!side) return verdict;
  const score = verdict.score !== undefined ? ` (confidence ${verdict.score}/10)` : "";
  return { ...verdict, verdict: `Decision: ${side.slice(0, 200)}${score}` };
}
