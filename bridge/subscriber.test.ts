import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { REDIS_URL, redis, redisUnavailable } from "@/tests/support/redis";
import { ErrorReply } from "./redis";
import { type PubSubListener, SharedSubscriber } from "./subscriber";

// Real connections, except that a test may have Redis refuse the next UNSUBSCRIBE.
const refuse = vi.hoisted(() => ({ nextUnsubscribe: null as Error | null }));
vi.mock("./redis", async (importOriginal) => {
  const real = await importOriginal<typeof import("./redis")>();
  return {
    ...real,
    connectRedis: async (...args: Parameters<typeof real.connectRedis>) => {
      const connection = await real.connectRedis(...args);
      const unsubscribe = connection.unsubscribe.bind(connection);
      connection.unsubscribe = ((...a: Parameters<typeof unsubscribe>) => {
        const error = refuse.nextUnsubscribe;
        refuse.nextUnsubscribe = null;
        return error ? Promise.reject(error) : unsubscribe(...a);
      }) as typeof connection.unsubscribe;
      return connection;
    },
  };
});

const skipReason = await redisUnavailable();
const subscriber = new SharedSubscriber(REDIS_URL, "parley-test:subscriber");
afterAll(() => subscriber.close());

function listener(): PubSubListener & { got: string[] } {
  const got: string[] = [];
  return { got, message: (payload) => got.push(payload.toString()), closed: () => {} };
}

describe.skipIf(skipReason !== null)("one Redis subscription shared by the bridge's clients", () => {
  it("keeps a client that subscribes while the channel's last one is leaving (a failover's instant)", async () => {
    const channel = `bridge-test:${randomBytes(6).toString("hex")}`;
    const leaving = listener();
    await subscriber.add(channel, leaving);
    // The new client's add is under way (waiting for the connection) when the old one leaves.
    const arriving = listener();
    const added = subscriber.add(channel, arriving);
    subscriber.remove(channel, leaving);
    await added;
    await redis("PUBLISH", channel, "after");
    await expect.poll(() => arriving.got, { timeout: 2000 }).toEqual(["after"]);
    expect(leaving.got).toEqual([]);
  });

  it("unsubscribes a channel once its last client has left", async () => {
    const channel = `bridge-test:${randomBytes(6).toString("hex")}`;
    const only = listener();
    await subscriber.add(channel, only);
    const subscribers = async () => Number(((await redis("PUBSUB", "NUMSUB", channel)) as unknown[])[1]);
    expect(await subscribers()).toBe(1);
    subscriber.remove(channel, only);
    await expect.poll(subscribers, { timeout: 2000 }).toBe(0);
  });

  it("says so when Redis refuses an UNSUBSCRIBE, and goes on serving the other channels", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const [gone, kept] = [1, 2].map(() => `bridge-test:${randomBytes(6).toString("hex")}`) as [string, string];
      const leaving = listener();
      const staying = listener();
      await subscriber.add(gone, leaving);
      await subscriber.add(kept, staying);
      const refusal = new ErrorReply("NOPERM this user has no permissions to run the 'unsubscribe' command");
      refuse.nextUnsubscribe = refusal;
      subscriber.remove(gone, leaving);
      await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(`redis-bridge: unsubscribe from ${gone} failed`, refusal));
      await redis("PUBLISH", kept, "still here");
      await expect.poll(() => staying.got, { timeout: 2000 }).toEqual(["still here"]);
    } finally {
      errors.mockRestore();
    }
  });
});
