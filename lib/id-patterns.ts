// What ids look like, for validation on either side (no node:crypto here, so browsers can import it).

/** A sortable id of `prefix` (lib/ids.ts): today's 33 characters, or the 19 of ids made before they grew. */
export function sortableIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9a-z]{19}(?:[0-9a-z]{14})?$`);
}
