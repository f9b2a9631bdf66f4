"use client";
import { useEffect, useState } from "react";

/** Copies `text`; says "Copied" for a moment, then turns back into itself. */
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
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <button
      type="button"
      aria-label={ariaLabel}
      className={className ?? "text-indigo-700 hover:underline dark:text-indigo-300"}
      onClick={async () => {
        await navigator.clipboard?.writeText(typeof text === "function" ? text() : text).catch(() => {});
        setCopied(true);
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}
