// The bench's minimal SSE reader: one plain HTTP GET per stream, handing over whole frames as text.
import http from "node:http";

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/**
 * Opens `path` on 127.0.0.1:`port`. `onFrames(text, receivedAt)` gets every complete run of frames;
 * `onEnd` runs when the server ends the stream. Resolves with the request once the response started.
 */
export function openSse({ port, path, headers = {}, onFrames, onEnd }) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      let carry = "";
      res.on("data", (chunk) => {
        const text = carry + chunk;
        const end = text.lastIndexOf("\n\n");
        if (end < 0) {
          carry = text;
          return;
        }
        carry = text.slice(end + 2);
        onFrames(text.slice(0, end), Date.now());
      });
      if (onEnd) res.on("end", onEnd);
      resolve(req);
    });
    req.on("error", reject);
  });
}
