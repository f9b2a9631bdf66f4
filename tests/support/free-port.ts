// A TCP port on 127.0.0.1 that nothing listens on at this moment, chosen by the operating system.
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      if (address === null || typeof address === "string") {
        srv.close();
        reject(new Error("a TCP server reported no port"));
        return;
      }
      srv.close(() => resolve(address.port));
    });
  });
}
