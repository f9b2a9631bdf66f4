// The baseline: a bare node:http SSE fan-out server doing the same job as a Parley channel, nothing more.
import http from "node:http";

const port = Number(process.argv[2] ?? 3201);
const clients = new Set();
let last = 0;
let seq = 0;

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url?.startsWith("/stream")) {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" });
    res.write("retry: 2000\n\n");
    clients.add(res);
    req.on("close", () => clients.delete(res));
    return;
  }
  if (req.method === "POST" && req.url === "/publish") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const now = Date.now();
      seq = now > last ? 0 : seq + 1;
      last = Math.max(now, last);
      const id = `${last}-${seq}`;
      const { type, data } = JSON.parse(Buffer.concat(chunks).toString());
      const frame = `id: ${id}\ndata: ${JSON.stringify({ id, channel: "ch:bench", type, ts: new Date(now).toISOString(), data })}\n\n`;
      for (const c of clients) c.write(frame);
      res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ id }));
    });
    return;
  }
  if (req.url === "/health") {
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ memory: { rss_bytes: process.memoryUsage.rss() } }));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`bare SSE server on ${port}`));
