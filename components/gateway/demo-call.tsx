"use client";
// One click to see the tap work: a streamed call through the gateway's real OpenAI-compatible endpoint,
// with the key this tab connected with, to the model `demo` — which Parley's demo model always answers,
// whatever providers the server has, so the click never spends anyone's money. It shows up below as any
// app's call would (Streaming now, then Recent calls); the key's own limits apply as to any call.
import { useEffect, useRef, useState } from "react";

const ENDPOINT = "/api/v1/gateway/openai/v1/chat/completions";
export const DEMO_AGENT = "Demo call from the browser";

type State = { kind: "idle" } | { kind: "calling" } | { kind: "done" } | { kind: "failed"; message: string };

/** The provider's error message from a refused call (`{error: {message}}`), else its status. */
async function refusal(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The gateway answered ${res.status}`;
}

/** Reads the streamed answer to its end, as an app would: the call ends when its stream does. */
async function drain(res: Response): Promise<void> {
  const reader = res.body?.getReader();
  if (!reader) return;
  for (;;) if ((await reader.read()).done) return;
}

export function DemoCall({ apiKey }: { apiKey: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const call = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "calling" });
    try {
      const res = await fetch(ENDPOINT, {
        method: "POST",
        signal: controller.signal,
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "X-Parley-Agent": DEMO_AGENT },
        body: JSON.stringify({
          model: "demo",
          stream: true,
          messages: [{ role: "user", content: "Say hello to the people watching the Parley gateway" }],
        }),
      });
      if (!res.ok) {
        setState({ kind: "failed", message: await refusal(res) });
        return;
      }
      await drain(res);
      setState({ kind: "done" });
    } catch (error) {
      if (!controller.signal.aborted) setState({ kind: "failed", message: String(error) });
    }
  };

  return (
    <section aria-labelledby="demo-heading" className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="demo-heading" className="text-lg font-medium">
        Try it
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Sends a streamed chat completion through this gateway's OpenAI endpoint with your key, to the built-in demo model: it
        costs nothing, and appears below as any app's call would.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => void call()}
          disabled={state.kind === "calling"}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          {state.kind === "calling" ? "Calling…" : "Make a demo call"}
        </button>
        <p role="status" className="text-sm" data-testid="demo-call-status">
          {state.kind === "calling" && "Streaming: watch it under “Streaming now”."}
          {state.kind === "done" && "Done: the call is in “Recent calls” with its tokens, cost and latency."}
        </p>
      </div>
      {state.kind === "failed" && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </section>
  );
}
