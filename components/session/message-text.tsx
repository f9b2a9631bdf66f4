"use client";
// A message's text, with the paths of runs it names (Parley's "started a run — /runs/…") as links that
// open the run inside the room.
import Link from "next/link";
import { sortableIdSource } from "@/lib/id-patterns";

const RUN_PATH = new RegExp(`/runs/(${sortableIdSource("run")})(?![0-9a-z])`, "g");

export function MessageText({ content }: { content: string }) {
  const parts: (string | { runId: string; at: number })[] = [];
  let last = 0;
  for (const match of content.matchAll(RUN_PATH)) {
    const at = match.index ?? 0;
    parts.push(content.slice(last, at), { runId: match[1] ?? "", at });
    last = at + match[0].length;
  }
  parts.push(content.slice(last));
  return (
    <p className="whitespace-pre-wrap break-words" data-testid="message-content">
      {parts.map((p) =>
        typeof p === "string" ? (
          p
        ) : (
          <Link
            key={p.at}
            href={`?run=${p.runId}`}
            scroll={false}
            // Underlined: in grey italic text a link must not be told apart by its colour alone.
            className="font-medium not-italic text-indigo-700 underline dark:text-indigo-300"
            data-run-link={p.runId}
          >
            open the run
          </Link>
        ),
      )}
    </p>
  );
}
