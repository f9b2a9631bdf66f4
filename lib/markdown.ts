// Text that an export did not write itself (titles, names, messages, tasks) goes into Markdown as
// text: HTML is neutralised and the characters that make emphasis, links, headings, tables and lists
// are escaped, so nobody's message can forge an author line or smuggle markup into a reader's viewer.

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** `text` as literal Markdown text (line breaks kept). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML[c] ?? c)
    .replace(/[\\`*_[\]#|~!]/g, "\\$&")
    .replace(/^(\s*)([-+=])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

/** Model output is Markdown by design (code fences, lists); only its HTML is neutralised. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML[c] ?? c);
}

/**
 * Markdown read as plain text, for places that show a line, not a document (a chat line, a terminal
 * summary): fences, headings, emphasis, inline code, list and quote markers and link targets go; the
 * words stay, on one line.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^\s*(```|~~~).*$/gm, "")
    .replace(/^\s{0,3}#{1,6}\s+/gm, "")
    .replace(/^\s{0,3}>\s?/gm, "")
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(^|[^\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
