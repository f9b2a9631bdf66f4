// An OTLP/HTTP receiver (JSON encoding) inside the test: what the server exports, decoded to spans and
// metric data points with plain attribute records.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };
export type Attributes = Record<string, string | number | boolean | undefined>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Attributes;
}

export interface ReceivedPoint {
  metric: string;
  attributes: Attributes;
  /** A sum's or gauge's value, or a histogram's count. */
  value: number;
}

const plainValue = (v: AnyValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue;
const attributesOf = (list: KeyValue[] = []): Attributes => Object.fromEntries(list.map((kv) => [kv.key, plainValue(kv.value)]));

interface Body {
  resourceSpans?: { scopeSpans?: { spans?: (Omit<ReceivedSpan, "attributes"> & { attributes?: KeyValue[] })[] }[] }[];
  resourceMetrics?: { scopeMetrics?: { metrics?: MetricJson[] }[] }[];
}
type PointJson = { attributes?: KeyValue[]; asInt?: number | string; asDouble?: number; count?: number | string };
type MetricJson = {
  name: string;
  sum?: { dataPoints: PointJson[] };
  gauge?: { dataPoints: PointJson[] };
  histogram?: { dataPoints: PointJson[] };
};

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  /** Every data point of every export, oldest first (cumulative: the last one of a series is its value). */
  points: ReceivedPoint[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let raw = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      if (!String(req.headers["content-type"]).includes("json")) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(raw.toString()) as Body;
      for (const rs of body.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? []) spans.push({ ...s, attributes: attributesOf(s.attributes) });
      for (const rm of body.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? [])
          for (const m of sm.metrics ?? []) {
            for (const p of (m.sum ?? m.gauge ?? m.histogram)?.dataPoints ?? []) {
              const value = Number(p.asInt ?? p.asDouble ?? p.count ?? Number.NaN);
              points.push({ metric: m.name, attributes: attributesOf(p.attributes), value });
            }
          }
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    points,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The latest exported value of `metric` for the series whose attributes include `match`. */
export function latest(points: ReceivedPoint[], metric: string, match: Attributes): number | undefined {
  const series = points.filter((p) => p.metric === metric && Object.entries(match).every(([k, v]) => p.attributes[k] === v));
  return series.at(-1)?.value;
}
