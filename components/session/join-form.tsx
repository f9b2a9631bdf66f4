"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { JoinResponse } from "@/app/api/v1/collaborate/join/route";
import { api } from "@/hooks/api";

export function JoinForm({ token, title, role }: { token: string; title: string; role: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setName(localStorage.getItem("parley.displayName") ?? ""), []);

  return (
    <form
      className="mx-auto grid max-w-md gap-4 py-10"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const joined = await api<JoinResponse>("/api/v1/collaborate/join", {
            method: "POST",
            json: { invite_token: token, display_name: name.trim() },
          });
          localStorage.setItem("parley.displayName", name.trim());
          router.push(`/sessions/${joined.session_id}`);
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      <h1 className="text-2xl font-semibold">Join “{title}”</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        You are invited as {role === "viewer" ? "a viewer (you can read and watch)" : "an editor (you can write and start runs)"}.
      </p>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Your name</span>
        <input
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !name.trim()}
        className="justify-self-start rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
      >
        {busy ? "Joining…" : "Join session"}
      </button>
    </form>
  );
}
