// A Prometheus histogram whose observations carry a count, registered with prom-client's registry as a
// custom metric (`get()` answers in prom-client's shape, so the exposition is the same as its Histogram's).
// prom-client's own observe hashes its labels on every call; on the delivery hot path that was one call per
// reader per event. Readers written in one pass have the same lag to the millisecond, so a pass records
// each distinct lag once, with how many readers had it (delivery-meter.ts).

interface Series {
  /** Observations per bucket (not cumulative), one per upper bound. */
  buckets: number[];
  sum: number;
  count: number;
}

export class CountedHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly upperBounds: readonly number[],
  ) {}

  /** `count` observations of `value` under the label's value `label`. */
  observe(label: string, value: number, count = 1): void {
    let series = this.series.get(label);
    if (!series) {
      series = { buckets: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(label, series);
    }
    const i = this.upperBounds.findIndex((bound) => value <= bound);
    if (i >= 0) series.buckets[i]! += count;
    series.sum += value * count;
    series.count += count;
  }

  reset(): void {
    this.series.clear();
  }

  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [label, series] of this.series) {
      const labels = { [this.labelName]: label };
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += series.buckets[i]!;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: "+Inf", ...labels }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
