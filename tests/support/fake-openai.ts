// A small HTTP server speaking OpenAI's chat-completions streaming wire format, for driving runs
// through @ai-sdk/openai-compatible exactly as a real provider (Ollama, vLLM, OpenRouter…) would.
import http from "node:http";

export interface FakeRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
}

export interface FakeProvider {
  baseUrl: string;
  requests: FakeRequest[];
  /** What the model answers to a request; "FAIL:<status>" makes the provider answer with that HTTP error. */
  reply: (req: FakeRequest) => string;
  close(): Promise<void>;
}

export const usageFor = (req: FakeRequest, text: string) => ({
  prompt_tokens: JSON.stringify(req.messages).length,
  completion_tokens: text.split(" ").length,
});

export async function startFakeOpenAI(reply: (req: FakeRequest) => string): Promise<FakeProvider> {
  const requests: FakeRequest[] = [];
  const provider: FakeProvider = { baseUrl: "", requests, reply, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as FakeRequest;
      requests.push(parsed);
      const text = provider.reply(parsed);
      const failure = /^FAIL:(\d{3})$/.exec(text);
      if (failure) {
        res.writeHead(Number(failure[1]), { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: "The upstream model is overloaded", type: "server_error" } }));
        return;
      }
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      const id = `chatcmpl-${requests.length}`;
      const chunk = (delta: object, finish: string | null = null, usage?: object) =>
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model: parsed.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage && { usage }) })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }));
      const words = text.split(/(?<= )/);
      let i = 0;
      const next = () => {
        if (i < words.length) {
          res.write(chunk({ content: words[i++] }));
          setTimeout(next, 2);
          return;
        }
        res.write(chunk({}, "stop"));
        const u = usageFor(parsed, text);
        res.write(
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model: parsed.model, choices: [], usage: { ...u, total_tokens: u.prompt_tokens + u.completion_tokens } })}\n\n`,
        );
        res.write("data: [DONE]\n\n");
        res.end();
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  provider.baseUrl = `http://127.0.0.1:${port}/v1`;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}
