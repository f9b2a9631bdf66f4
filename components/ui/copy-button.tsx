"use client";
import { useEffect, useState } from "react";
import { type CopyOutcome, copyText } from "./clipboard";

/** What the button says after a copy, and for how long (a failure stays longer, to be read) before it turns back. */
const SAYS: Record<CopyOutcome, { text: string; ms: number }> = {
  copied: { text: "Copied", ms: 2000 },
  failed: { text: "Could not copy: copy it by hand", ms: 5000 },
};

/** Copies `text`; says "Copied" — or that it could not copy — for a moment, then turns back into itself. */
export function CopyButton({
  text,
  label = "Copy",
  className,
  ariaLabel,
}: {
  text: string | (() => string);
  label?: string;
  className?: string;
  ariaLabel?: string;
}) {
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  useEffect(() => {
    if (!outcome) return;
    const t = setTimeout(() => setOutcome(null), SAYS[outcome].ms);
    return () => clearTimeout(t);
  }, [outcome]);
  return (
    <button
      type="button"
      aria-label={ariaLabel}
      className={className ?? "text-indigo-700 hover:underline dark:text-indigo-300"}
      onClick={async () => setOutcome(await copyText(typeof text === "function" ? text() : text))}
    >
      <span aria-live="polite">{outcome ? SAYS[outcome].text : label}</span>
    </button>
  );
}
