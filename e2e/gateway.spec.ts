import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { formatUsd } from "../lib/gateway/format";
import { costUsd, priceTable } from "../lib/runs/models/pricing";
import { createApiKey } from "./support";

test("the /gateway page shows a streaming call's text live and its cost at the end", async ({ page, request, baseURL }) => {
  const key = await createApiKey(request, ["gateway", "subscribe:gateway"]);
  await page.goto("/gateway");
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator('[role="status"][data-status="live"]').waitFor();

  // An app using the official SDK: only its base URL and key point at Parley (the demo model answers).
  const agent = `Architect-${test.info().workerIndex}-${Date.now()}`;
  const openai = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1/gateway/openai/v1`, maxRetries: 0 });
  const stream = await openai.chat.completions.create(
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Design a REST API with JWT auth" }],
      stream: true,
      stream_options: { include_usage: true },
    },
    { headers: { "X-Parley-Agent": agent } },
  );
  const app: { text: string; usage: OpenAI.CompletionUsage | null; finished: boolean } = {
    text: "",
    usage: null,
    finished: false,
  };
  const reading = (async () => {
    for await (const chunk of stream) {
      app.text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) app.usage = chunk.usage;
    }
    app.finished = true;
  })();

  const card = page.getByTestId("active-call").filter({ hasText: agent });
  await expect(card.getByTestId("call-text")).toHaveText(/\S{3,}/);
  // Shown while the app is still receiving its answer: live, not after the fact.
  expect(app.finished).toBe(false);
  const shown = async () => (await card.getByTestId("call-text").textContent())?.length ?? 0;
  const early = await shown();
  // …and growing as the tokens arrive.
  await expect.poll(shown).toBeGreaterThan(early);

  await reading;
  const { prompt_tokens, completion_tokens } = app.usage ?? { prompt_tokens: -1, completion_tokens: -1 };
  expect(prompt_tokens).toBeGreaterThan(0);
  const row = page.getByTestId("recent-call").filter({ hasText: agent });
  await expect(row).toHaveAttribute("data-status", "completed");
  await expect(row.getByTestId("call-cost")).toHaveText(
    formatUsd(costUsd(priceTable(), "demo", prompt_tokens, completion_tokens)),
  );
  await expect(row).toContainText(app.text.replace(/\s+/g, " ").slice(0, 40));
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("table", { name: "By agent" })).toContainText(agent);
});
