"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CHANNEL_NAME_PATTERN } from "@/lib/events/envelope";

export function OpenChannelForm() {
  const router = useRouter();
  const [name, setName] = useState("demo");
  const valid = CHANNEL_NAME_PATTERN.test(name);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) router.push(`/channels/${name}`);
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Channel name</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value.trim().toLowerCase())}
          aria-invalid={!valid}
          aria-describedby="channel-name-help"
          className="w-64 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <button
        type="submit"
        disabled={!valid}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
      >
        Open console
      </button>
      <p id="channel-name-help" className="w-full text-xs text-zinc-500">
        1–128 characters: a–z, 0–9, “_”, “.”, “-”.
      </p>
    </form>
  );
}
