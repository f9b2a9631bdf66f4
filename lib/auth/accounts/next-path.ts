// Where /sign-in sends a person afterwards: a path on this site only, never another origin. Pure.

export function safeNextPath(value: string | null | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value.slice(0, 2000);
}
