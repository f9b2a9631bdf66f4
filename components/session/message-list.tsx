"use client";
import { type UIEvent, useEffect, useLayoutEffect, useRef } from "react";
import { Avatar } from "@/components/account/avatar";
import { Markdown } from "@/components/ui/markdown";
import type { MessageView } from "@/lib/sessions/views";
import { MessageText } from "./message-text";

const kindStyle: Record<string, string> = {
  user: "",
  assistant: "border-l-4 border-emerald-500 pl-3",
  agent: "border-l-4 border-indigo-500 pl-3",
  system: "italic text-zinc-600 dark:text-zinc-400",
};

export function MessageList({
  messages,
  avatars,
  me,
  hasMore,
  loadingMore,
  onLoadMore,
  canWrite,
}: {
  /** Whether the reader may write: only then are they invited to say hello. */
  canWrite: boolean;
  messages: MessageView[];
  /** Participants' avatars by user id (lib/sessions/room-state.ts avatarsById). */
  avatars: Map<string, string | null>;
  me: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const { scroller, onScroll } = useFollowBottom(messages[0]?.id);
  const top = useLoadWhenSeen(hasMore, loadingMore, onLoadMore);

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="h-[55vh] overflow-y-auto rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div ref={top} />
      {hasMore ? (
        <button
          type="button"
          onClick={onLoadMore}
          disabled={loadingMore}
          className="mb-3 w-full text-center text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {loadingMore ? "Loading earlier messages…" : "Load earlier messages"}
        </button>
      ) : (
        messages.length > 0 && (
          <p className="mb-3 text-center text-xs text-zinc-600 dark:text-zinc-400">Beginning of the session</p>
        )
      )}
      {messages.length === 0 && (
        <p className="py-12 text-center text-zinc-600 dark:text-zinc-400" data-testid="no-messages">
          {canWrite ? "No messages yet. Say hello." : "No messages yet."}
        </p>
      )}
      <ol aria-label="Messages" aria-live="polite" className="space-y-3">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} me={me} avatar={m.author_id ? avatars.get(m.author_id) : null} />
        ))}
      </ol>
    </div>
  );
}

/**
 * Follows new messages while the reader is at the bottom; when older ones load above (the first message
 * changes), keeps the messages they were reading where they were.
 */
function useFollowBottom(firstId: string | undefined) {
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const previousHeight = useRef(0);
  const previousFirst = useRef(firstId);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (stickToBottom.current) el.scrollTop = el.scrollHeight;
    else if (previousFirst.current !== firstId) el.scrollTop += el.scrollHeight - previousHeight.current;
    previousFirst.current = firstId;
    previousHeight.current = el.scrollHeight;
  });

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  return { scroller, onScroll };
}

/** Loads earlier messages when the top of the list comes into view, while there are more. */
function useLoadWhenSeen(hasMore: boolean, loadingMore: boolean, onLoadMore: () => void) {
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = top.current;
    if (!el || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);
  return top;
}

function MessageItem({ message: m, me, avatar }: { message: MessageView; me: string | null; avatar?: string | null }) {
  return (
    <li data-message-id={m.id} className={kindStyle[m.message_type] ?? ""}>
      <div className="flex flex-wrap items-center gap-x-2 text-sm">
        {/* People have a face; Parley's own lines (no author) do not. */}
        {m.author_id !== null && <Avatar name={m.author_name} image={avatar} size={20} />}
        <span className={`font-semibold ${m.author_id === me ? "text-indigo-700 dark:text-indigo-300" : ""}`}>
          {m.author_name}
        </span>
        {/* Parley's own lines (a run started, finished, a model call) are Parley's, whatever their type. */}
        {m.message_type !== "user" && m.author_id !== null && (
          <span className="text-xs uppercase text-zinc-600 dark:text-zinc-400">{m.message_type}</span>
        )}
        <time dateTime={m.created_at} className="text-xs text-zinc-600 dark:text-zinc-400">
          {new Date(m.created_at).toLocaleTimeString()}
        </time>
      </div>
      {m.author_id === null ? (
        // Parley's own messages name runs by path: those become links that open the run in the room.
        <MessageText content={m.content} />
      ) : (
        <div className="break-words [&_p]:whitespace-pre-line" data-testid="message-content">
          <Markdown text={m.content} />
        </div>
      )}
    </li>
  );
}
