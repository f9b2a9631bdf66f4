import { expect, test } from "@playwright/test";
import { createApiKey } from "./support";

// The events spec's page: a project's ingest jobs, live, through its stream and Parley's hook for it.
test("a project's live jobs appear and change as their events are published", async ({ page, request }) => {
  const key = await createApiKey(request);
  const project = `e2e-${test.info().workerIndex}-${Date.now()}`;
  const emit = async (body: unknown) => {
    const res = await request.post(`/api/stream/projects/${project}/events`, {
      headers: { Authorization: `Bearer ${key}` },
      data: body,
    });
    expect(res.status()).toBe(201);
  };
  // A job from before the page opened is shown too (the stream starts from the retained history).
  await emit({ type: "ingest.job.created", job: { id: "nightly", source: "s3://logs" } });

  await page.goto(`/projects/${project}`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByTestId("jobs-status")).toContainText("Live");
  const rows = page.getByTestId("job-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("created");

  await emit({ type: "ingest.job.created", job: { id: "hourly" } });
  await emit({ type: "ingest.job.updated", job: { id: "nightly", status: "running", progress: 0.4 } });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("nightly");
  await expect(rows.first()).toContainText("running");
  await emit({ type: "ingest.job.failed", job: { id: "hourly", error: "no such bucket" } });
  await expect(rows.first()).toContainText("hourly");
  await expect(rows.first()).toContainText("failed");
  await expect(page.getByTestId("jobs-status")).toContainText("2 jobs");
});
