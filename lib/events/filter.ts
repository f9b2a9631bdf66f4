// `?types=agent.*,run.completed`: exact names, or a prefix followed by `.*`; `*` alone matches all.
import { EVENT_TYPE_PATTERN } from "./envelope";

export type TypeMatcher = (type: string) => boolean;

export class TypeFilterError extends Error {}

/** Parses a comma-separated filter. Empty or absent → null (no filtering). Throws TypeFilterError. */
export function parseTypeFilter(spec: string | null | undefined): TypeMatcher | null {
  const parts = (spec ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  if (parts.length > 50) throw new TypeFilterError("at most 50 type patterns");

  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const part of parts) {
    if (part === "*") return () => true;
    if (part.endsWith(".*")) {
      const prefix = part.slice(0, -2);
      if (!EVENT_TYPE_PATTERN.test(prefix)) throw new TypeFilterError(`not a type pattern: ${part}`);
      prefixes.push(`${prefix}.`);
    } else {
      if (!EVENT_TYPE_PATTERN.test(part)) throw new TypeFilterError(`not a type pattern: ${part}`);
      exact.add(part);
    }
  }
  return (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p));
}
