"use client";
// A person's picture: the provider's avatar for an account, else their initial (a guest, a URL that is not
// https, or a picture that does not load).
import { useState } from "react";
import { avatarUrl } from "@/lib/auth/accounts/avatar-url";

export function Avatar({ name, image, size = 24 }: { name: string; image?: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.max(10, Math.round(size * 0.45)) };
  const src = avatarUrl(image);
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return (
      // biome-ignore lint/performance/noImgElement: a provider's avatar on any host; next/image would need each host configured
      <img
        src={src}
        alt=""
        style={style}
        className="shrink-0 rounded-full object-cover"
        referrerPolicy="no-referrer"
        onError={() => setFailed(src)}
      />
    );
  }
  return (
    <span
      aria-hidden
      style={style}
      className="inline-flex shrink-0 items-center justify-center rounded-full bg-indigo-100 font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100"
    >
      {(name.trim()[0] ?? "?").toUpperCase()}
    </span>
  );
}
