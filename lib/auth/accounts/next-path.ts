// Where /sign-in sends a person afterwards: a path on this site only, never another origin. Pure.

export function safeNextPath(value: string | null | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value.slice(0, 2000);
}

const CALLBACK_FIELDS = ["callbackURL", "errorCallbackURL", "newUserCallbackURL"] as const;

/** The callback fields of a sign-in request body that are not paths on this site (an open redirect otherwise). */
export function foreignCallbacks(body: unknown): string[] {
  if (typeof body !== "object" || body === null) return [];
  return CALLBACK_FIELDS.filter((field) => {
    const value = (body as Record<string, unknown>)[field];
    return value !== undefined && (typeof value !== "string" || safeNextPath(value) !== value);
  });
}
