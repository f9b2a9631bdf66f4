import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { CountedHistogram } from "./counted-histogram";

const BUCKETS = [0.001, 0.01, 0.1, 1];

describe("CountedHistogram", () => {
  it("exposes what prom-client's Histogram exposes for the same observations, a count standing for repeats", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const histogram = new Histogram({
      name: "lag_seconds",
      help: "Lag",
      labelNames: ["kind"],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const counted = new CountedHistogram("lag_seconds", "Lag", "kind", BUCKETS);
    ours.registerMetric(counted as never);
    // Powers of two: the sums add up exactly however they are added.
    const observations: [string, number, number][] = [
      ["channel", 2 ** -12, 3],
      ["channel", 0.0625, 1],
      ["run", 2, 2],
      ["channel", 2 ** -7, 5],
    ];
    for (const [kind, value, count] of observations) {
      for (let i = 0; i < count; i++) histogram.observe({ kind }, value);
      counted.observe(kind, value, count);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    const json = async (registry: Registry) =>
      (await registry.getMetricsAsJSON()).map((m) => ({
        ...m,
        values: (m.values as { labels: object; value: number; metricName?: string }[]).map(({ labels, value, metricName }) => ({
          labels,
          value,
          metricName,
        })),
      }));
    expect(await json(ours)).toEqual(await json(theirs));
    counted.reset();
    expect(await ours.metrics()).toBe("# HELP lag_seconds Lag\n# TYPE lag_seconds histogram\n");
  });
});
