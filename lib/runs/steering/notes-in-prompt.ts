// The people's notes in an agent's prompt: which ones it has not read yet, and how they are worded.
// Pure, so the engine and its tests share it.

export interface Note {
  id: string;
  displayName: string;
  content: string;
  /** The agent it is for; null: every agent. */
  to: string | null;
}

/** Notes for `agent` (addressed to it or to all) that none of its standing turns has read, oldest first. */
export function unseenNotes(notes: readonly Note[], agent: string, seen: ReadonlySet<string>): Note[] {
  return notes.filter((n) => (n.to === null || n.to === agent) && !seen.has(n.id));
}

/** The prompt with the notes under their own heading, after everything else, so they weigh most. */
export function withNotes(prompt: string, notes: readonly Note[]): string {
  if (notes.length === 0) return prompt;
  const lines = notes.map((n) => `- ${n.displayName}${n.to ? " (to you)" : ""}: ${n.content}`);
  return `${prompt}\n\n## Notes from the people watching this run (take them into account)\n${lines.join("\n")}`;
}

/** A turn sent back at a gate runs again with the people's instruction. */
export function withInstruction(prompt: string, instruction: string): string {
  return `${prompt}\n\n## Your previous answer was sent back by the people watching. Their instruction:\n${instruction}`;
}
