"use client";
import { useRef, useState } from "react";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import type { MessageView } from "@/lib/sessions/views";

const TYPING_EVERY_MS = 3000;

export function Composer({ sessionId, onSent }: { sessionId: string; onSent: (m: MessageView) => void }) {
  const { text, edit, send, busy, error } = useDraft(sessionId, onSent);
  return (
    <form
      className="grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor="composer" className="sr-only">
        Message
      </label>
      <textarea
        id="composer"
        value={text}
        rows={2}
        maxLength={8000}
        placeholder="Write a message — Enter sends, Shift+Enter for a new line"
        onChange={(e) => edit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
        className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-red-700 dark:text-red-400" role={error ? "alert" : undefined}>
          {error}
        </p>
        <button
          type="submit"
          disabled={busy || !text.trim()}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Send
        </button>
      </div>
    </form>
  );
}

/** The message being written: others see that someone is typing (at most every few seconds); sending posts it. */
function useDraft(sessionId: string, onSent: (m: MessageView) => void) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastTyping = useRef(0);

  const send = async () => {
    const content = text.trim();
    if (!content || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { message } = await api<{ message: MessageView }>(`/api/v1/collaborate/${sessionId}/messages`, {
        method: "POST",
        json: { content },
      });
      onSent(message);
      setText("");
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const edit = (value: string) => {
    setText(value);
    const now = Date.now();
    if (now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      void api(`/api/v1/collaborate/${sessionId}/typing`, { method: "POST" }).catch(() => {});
    }
  };

  return { text, edit, send, busy, error };
}
