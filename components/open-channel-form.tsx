"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CHANNEL_NAME_PATTERN } from "@/lib/events/envelope";

/** Why a channel name cannot be used, in words; null when it can. */
export function channelNameProblem(name: string): string | null {
  if (CHANNEL_NAME_PATTERN.test(name)) return null;
  if (name.length === 0) return "Enter a channel name.";
  if (name.length > 128) return `That is ${name.length} characters; a channel name has at most 128.`;
  const bad = [...new Set(name.replace(/[a-z0-9_.-]/g, ""))].map((c) => (c === " " ? "space" : `“${c}”`));
  return `${bad.join(", ")} cannot be in a channel name: use a–z, 0–9, “_”, “.” and “-”.`;
}

export function OpenChannelForm() {
  const router = useRouter();
  const [name, setName] = useState("demo");
  const [touched, setTouched] = useState(false);
  const problem = channelNameProblem(name);
  const shown = touched ? problem : null;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problem) router.push(`/channels/${name}`);
      }}
    >
      <label className="flex min-w-0 flex-col gap-1 text-sm">
        <span className="font-medium">Channel name</span>
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value.toLowerCase());
            setTouched(true);
          }}
          aria-invalid={shown !== null}
          aria-describedby="channel-name-help"
          className="w-64 max-w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
      >
        Open console
      </button>
      <p
        id="channel-name-help"
        role={shown ? "alert" : undefined}
        className={`w-full text-xs ${shown ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {shown ?? "1–128 characters: a–z, 0–9, “_”, “.”, “-”."}
      </p>
    </form>
  );
}
