// An export's Markdown keeps a model's or producer's links and formatting, but nothing that acts on its
// own when a viewer renders it: links go only to http, https and mailto (a `javascript:` or `data:` link
// is left as its text), and images become links (a remote image would load — a tracking pixel — the
// moment the export is opened). The document is parsed as a GFM viewer parses it, so code spans and
// fences stay byte for byte, and references are checked where they are defined.
import type { Image, ImageReference, Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString as plainText } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { escapeMarkdown } from "./markdown";

const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * Whether a link destination is safe to follow: http, https, mailto, or no scheme at all (a relative
 * link or a fragment). Browsers ignore whitespace and control characters inside a scheme
 * (`java\tscript:`), so those are removed before it is read.
 */
export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these from URLs, so must we
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020\u007f-\u009f]/g, ""))?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `markdown` with unsafe links reduced to their text and images turned into links. */
export function neutraliseLinks(markdown: string): string {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const definitions = definitionUrls(tree);
  const edits: Edit[] = [];
  visit(tree, (node) => {
    const replacement = replacementFor(node, definitions);
    if (replacement === undefined) return false;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) throw new Error("markdown node without a position");
    edits.push({ start, end, text: replacement });
    return true;
  });
  let out = markdown;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** What a node becomes, or undefined when it stays as written (its children are then visited). */
function replacementFor(node: Nodes, definitions: Map<string, string>): string | undefined {
  switch (node.type) {
    case "link":
      return isSafeUrl(node.url) ? undefined : escapeMarkdown(plainText(node));
    case "definition":
      return isSafeUrl(node.url) ? undefined : "";
    case "image":
      return imageAsLink(node, node.url);
    case "imageReference":
      return imageAsLink(node, definitions.get(node.identifier) ?? "");
    default:
      return undefined;
  }
}

/** An image as a link to it (its alt text as the label), or as its alt text when the link is not safe. */
function imageAsLink(node: Image | ImageReference, url: string): string {
  const label = escapeMarkdown(node.alt || "image");
  if (!url || !isSafeUrl(url)) return label;
  // A pointy-bracket destination may hold spaces; backslash-escape what would end it, keep & literal.
  const destination = url.replace(/[\\<>]/g, "\\$&").replace(/&/g, "&amp;");
  return `[${label}](<${destination}>)`;
}

/** Where each reference points: the first definition of an identifier wins, as in CommonMark. */
function definitionUrls(tree: Root): Map<string, string> {
  const urls = new Map<string, string>();
  visit(tree, (node) => {
    if (node.type === "definition" && !urls.has(node.identifier)) urls.set(node.identifier, node.url);
    return false;
  });
  return urls;
}

/** Depth-first walk; `enter` returning true skips the node's children (it was replaced whole). */
function visit(node: Nodes, enter: (node: Nodes) => boolean): void {
  if (enter(node)) return;
  if ("children" in node) for (const child of node.children as Nodes[]) visit(child, enter);
}
