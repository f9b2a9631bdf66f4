// The provider contract (tests/support/gateway-provider-contract.ts) for each provider the gateway speaks.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { startFakeAnthropic, startFakeOpenAI } from "@/tests/support/fake-upstreams";
import { type ProviderClient, providerContract } from "@/tests/support/gateway-provider-contract";

/** The provider's error type in an Anthropic error body ({type: "error", error: {type, message}}). */
const errorType = (body: unknown) =>
  typeof body === "object" &&
  body !== null &&
  "error" in body &&
  typeof body.error === "object" &&
  body.error !== null &&
  "type" in body.error
    ? String(body.error.type)
    : undefined;

const statusOf = (error: unknown) =>
  error instanceof OpenAI.APIError || error instanceof Anthropic.APIError ? (error.status ?? -1) : -1;

providerContract({
  provider: "openai",
  kind: "openai",
  upstream: () => startFakeOpenAI(),
  client(fake, fetch): ProviderClient {
    const client = new OpenAI({
      apiKey: fetch ? "pk_through_the_gateway" : fake.apiKey,
      baseURL: fetch ? "http://gateway.invalid/v1" : fake.baseUrl,
      fetch,
      maxRetries: 0,
    });
    const body = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });
    return {
      async stream(prompt) {
        let text = "";
        try {
          const stream = await client.chat.completions.create({
            ...body(prompt),
            stream: true,
            stream_options: { include_usage: true },
          });
          for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
          return { text, error: null };
        } catch (error) {
          return { text, error };
        }
      },
      async answer(prompt) {
        const answer = await client.chat.completions.create(body(prompt));
        return {
          text: answer.choices[0]?.message.content ?? "",
          inputTokens: answer.usage?.prompt_tokens ?? -1,
          outputTokens: answer.usage?.completion_tokens ?? -1,
        };
      },
      failStatus: (prompt) => client.chat.completions.create(body(prompt)).then(() => 0, statusOf),
      async abandon(prompt) {
        const stream = await client.chat.completions.create({ ...body(prompt), stream: true });
        for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
      },
      describe: (error) => ({
        apiError: error instanceof OpenAI.APIError,
        status: error instanceof OpenAI.APIError ? error.status : undefined,
        kind: error instanceof OpenAI.APIError ? (error.code ?? undefined) : undefined,
      }),
    };
  },
});

providerContract({
  provider: "anthropic",
  kind: "anthropic",
  upstream: () => startFakeAnthropic(),
  client(fake, fetch): ProviderClient {
    const client = new Anthropic({
      apiKey: fetch ? "pk_through_the_gateway" : fake.apiKey,
      baseURL: fetch ? "http://gateway.invalid" : fake.baseUrl,
      fetch,
      maxRetries: 0,
    });
    const body = (content: string) => ({
      model: "claude-3-5-haiku-latest",
      max_tokens: 512,
      messages: [{ role: "user" as const, content }],
    });
    return {
      async stream(prompt) {
        let text = "";
        try {
          const stream = client.messages.stream(body(prompt));
          stream.on("text", (delta) => {
            text += delta;
          });
          await stream.finalMessage();
          return { text, error: null };
        } catch (error) {
          return { text, error };
        }
      },
      async answer(prompt) {
        const message = await client.messages.create(body(prompt));
        return {
          text: message.content.map((b) => (b.type === "text" ? b.text : "")).join(""),
          inputTokens: message.usage.input_tokens,
          outputTokens: message.usage.output_tokens,
        };
      },
      failStatus: (prompt) => client.messages.create(body(prompt)).then(() => 0, statusOf),
      async abandon(prompt) {
        const stream = await client.messages.create({ ...body(prompt), stream: true });
        for await (const event of stream) if (event.type === "content_block_delta") break;
      },
      describe: (error) => ({
        apiError: error instanceof Anthropic.APIError,
        status: error instanceof Anthropic.APIError ? error.status : undefined,
        kind: error instanceof Anthropic.APIError ? errorType(error.error) : undefined,
      }),
    };
  },
});
