"use client";

/** The role a session grants that its owner can hand out or change: editor or viewer. */
export type GrantableRole = "editor" | "viewer";

/** One small select of a grantable role, the same in the invite panel and the participants list. */
export function RoleSelect({
  value,
  onChange,
  id,
  label,
}: {
  value: GrantableRole;
  onChange: (role: GrantableRole) => void;
  id?: string;
  /** An accessible name when no <label htmlFor> names it. */
  label?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as GrantableRole)}
      aria-label={label}
      className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
    >
      <option value="editor">editor</option>
      <option value="viewer">viewer</option>
    </select>
  );
}
