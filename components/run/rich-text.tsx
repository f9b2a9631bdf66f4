// Just enough Markdown for agents' output: fenced code blocks and **bold**, as React nodes (never HTML).
import { Fragment } from "react";

function inline(text: string, key: string) {
  return text.split(/(\*\*[^*\n]+\*\*|`[^`\n]+`)/g).map((part, i) => {
    const k = `${key}-${i}`;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) return <strong key={k}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2)
      return (
        <code key={k} className="rounded bg-zinc-100 px-1 font-mono text-[0.9em] dark:bg-zinc-800">
          {part.slice(1, -1)}
        </code>
      );
    return <Fragment key={k}>{part}</Fragment>;
  });
}

export function RichText({ text }: { text: string }) {
  // An unclosed fence (still streaming) renders as code up to the end.
  const parts = text.split(/```/);
  return (
    <>
      {parts.map((part, i) => {
        const key = `p${i}`;
        if (i % 2 === 0) return <Fragment key={key}>{inline(part, key)}</Fragment>;
        const body = part.replace(/^[^\n]*\n/, "");
        return (
          <pre key={key} className="my-2 overflow-x-auto rounded bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
            {body}
          </pre>
        );
      })}
    </>
  );
}
