// Which avatar URLs Parley renders. A provider's `picture` claim is whatever it sends: only an absolute
// http(s) URL becomes an <img src>; anything else (javascript:, data:, relative, garbage) shows the initial.
export function avatarUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
