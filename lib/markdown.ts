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
