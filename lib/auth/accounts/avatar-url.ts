// Which avatar URLs Parley renders. A provider's `picture` claim is whatever it sends: only an absolute
// https URL becomes an <img src> (the pages' CSP allows remote images over https only, next.config.ts);
// anything else (http:, javascript:, data:, relative, garbage) shows the initial.
export function avatarUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
