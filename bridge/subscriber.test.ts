import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_URL, redis, redisUnavailable } from "@/tests/support/redis";
import { type PubSubListener, SharedSubscriber } from "./subscriber";

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
});
