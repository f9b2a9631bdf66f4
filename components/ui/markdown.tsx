// Markdown as agents and people write it (headings, lists, tables, code, links), rendered with
// react-markdown: raw HTML is never rendered, and rehype-sanitize keeps only GitHub's safe subset.
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

const components: Components = {
  // A heading inside a message or a turn is a strong line, not a second page title.
  h1: ({ children }) => <p className="mt-3 text-base font-semibold">{children}</p>,
  h2: ({ children }) => <p className="mt-3 text-base font-semibold">{children}</p>,
  h3: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  h4: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  p: ({ children }) => <p className="my-1.5">{children}</p>,
  ul: ({ children }) => <ul className="my-1.5 list-disc space-y-0.5 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-1.5 list-decimal space-y-0.5 pl-5">{children}</ol>,
  a: ({ children, href }) => (
    <a href={href} className="text-indigo-700 underline dark:text-indigo-300" target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  blockquote: ({ children }) => (
    <blockquote className="my-2 border-l-4 border-zinc-300 pl-3 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
      {children}
    </blockquote>
  ),
  // Scrollable, so it is a focusable, named region: keyboard users can scroll it too.
  pre: ({ children }) => (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable code must be reachable by keyboard (WCAG 2.1.1)
    <section aria-label="Code" tabIndex={0} className="my-2 overflow-x-auto rounded bg-zinc-900 p-3">
      <pre className="font-mono text-xs text-zinc-100 [&_code]:bg-transparent [&_code]:p-0">{children}</pre>
    </section>
  ),
  code: ({ children }) => <code className="rounded bg-zinc-100 px-1 font-mono text-[0.9em] dark:bg-zinc-800">{children}</code>,
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="border-collapse text-left text-xs">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-zinc-300 px-2 py-1 font-semibold dark:border-zinc-700">{children}</th>,
  td: ({ children }) => <td className="border border-zinc-300 px-2 py-1 dark:border-zinc-700">{children}</td>,
};

export function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={components}>
      {text}
    </ReactMarkdown>
  );
}
