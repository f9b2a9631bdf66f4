// Terminal text: display width, wrapping, truncation and colour. Pure, so layouts are unit-tested.
// Widths come from string-width, which measures grapheme clusters as terminals draw them (emoji
// sequences, flags, wide East Asian characters, combining marks); the text is cut between clusters.
import { stripVTControlCharacters } from "node:util";
import stringWidth from "string-width";
import { withoutHiddenCharacters } from "@/lib/text-safety";

export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

// C0 controls but tab and line feed, DEL, and C1 controls (0x9b is a one-byte CSI on some terminals).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from the server as the terminal may print it: escape sequences and every other control
 * character removed (line breaks and tabs kept), so nobody's message can colour, retitle or rewrite
 * the screen, ring the bell or move the cursor — and the invisible and bidirectional formatting
 * characters too, so nobody's name can reverse or hide what follows it on the line.
 */
export function printable(text: string): string {
  return withoutHiddenCharacters(stripVTControlCharacters(text.replace(/\r\n/g, "\n")).replace(CONTROL, ""));
}

/** A JSON.parse reviver that makes every string of the server's answer printable. */
export function printableStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? printable(value) : value;
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The text's grapheme clusters (what a reader sees as one character), each with the columns it takes. */
function* clusters(text: string): Generator<[cluster: string, width: number]> {
  for (const { segment } of graphemes.segment(text)) yield [segment, stringWidth(segment)];
}

/** Cuts plain text to at most `width` columns, ending with "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  if (displayWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const [cluster, w] of clusters(text)) {
    if (used + w > width - 1) break;
    out += cluster;
    used += w;
  }
  return `${out}…`;
}

/** Pads plain or coloured text with spaces to exactly `width` columns (truncating plain text if longer). */
export function pad(text: string, width: number): string {
  const w = displayWidth(text);
  if (w > width) return truncate(stripAnsi(text), width);
  return text + " ".repeat(width - w);
}

/** Word-wraps plain text to `width` columns; long words are split. Keeps the text's own line breaks. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, "  ").split(/\r\n|\r|\n/)) {
    let line = "";
    let lineWidth = 0;
    for (const word of paragraph.split(/(\s+)/)) {
      if (word === "") continue;
      const w = displayWidth(word);
      if (lineWidth + w <= width) {
        line += word;
        lineWidth += w;
        continue;
      }
      if (/^\s+$/.test(word)) {
        lines.push(line.trimEnd());
        line = "";
        lineWidth = 0;
        continue;
      }
      if (line.trim() !== "") lines.push(line.trimEnd());
      line = "";
      lineWidth = 0;
      // A word longer than the line is split across lines.
      for (const [cluster, cw] of clusters(word)) {
        if (lineWidth + cw > width) {
          lines.push(line);
          line = "";
          lineWidth = 0;
        }
        line += cluster;
        lineWidth += cw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

export type Style = keyof typeof CODES;
export type Paint = (style: Style, text: string) => string;

/** A painter that colours text, or leaves it alone when colour is off (--no-color, NO_COLOR, not a TTY). */
export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** A verdict as one line: its text, and its score unless the text already gives it ("Decision: … (confidence 7/10)"). */
export function verdictLine(v: { verdict: string; score?: number }): string {
  const score = v.score !== undefined && !v.verdict.includes(`${v.score}/10)`) ? ` (score ${v.score})` : "";
  return `${v.verdict.replace(/\s+/g, " ")}${score}`;
}

export const formatUsd = (usd: number) => `$${usd.toFixed(usd > 0 && usd < 0.01 ? 5 : 4)}`;
export const formatCount = (n: number) => n.toLocaleString("en-US");

/** How the demo model is labelled everywhere: "demo", or "demo · swift" for its variants. */
export function modelLabel(model: string): string {
  if (model === "demo") return "demo";
  if (model.startsWith("demo:")) return `demo · ${model.slice(5)}`;
  return model;
}
