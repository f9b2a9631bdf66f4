// What ids look like, for validation on either side (no node:crypto here, so browsers can import it).

/** A sortable id of `prefix` (lib/ids.ts): today's 33 characters, or the 19 of ids made before they grew. */
export function sortableIdPattern(prefix: string): RegExp {
  return new RegExp(`^${sortableIdSource(prefix)}$`);
}

/** The same id, unanchored, for finding ids inside a text. */
export function sortableIdSource(prefix: string): string {
  return `${prefix}_[0-9a-z]{19}(?:[0-9a-z]{14})?`;
}
