// `npm run redis-bridge`: the Upstash-compatible REST bridge in front of REDIS_URL. Point the app at it
// with UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079 and UPSTASH_REDIS_REST_TOKEN=$REDIS_BRIDGE_TOKEN.
import "./lib/load-env";
import { messageOf } from "@/lib/errors";
import { createBridge } from "../bridge/server";
import { loadSettings } from "../bridge/settings";

const settings = loadSettings();

if (!settings.REDIS_BRIDGE_TOKEN) {
  console.error("✖ Set REDIS_BRIDGE_TOKEN (at least 16 characters): clients must send it as `Authorization: Bearer …`.");
  process.exit(2);
}

const bridge = createBridge({ redisUrl: settings.REDIS_URL, token: settings.REDIS_BRIDGE_TOKEN });
try {
  const address = await bridge.listen(settings.REDIS_BRIDGE_PORT, settings.REDIS_BRIDGE_HOST);
  const redis = new URL(settings.REDIS_URL);
  console.log(
    `▸ Redis REST bridge on http://${address.address}:${address.port} → ${redis.protocol}//${redis.host}${redis.pathname}`,
  );
} catch (error) {
  const reason = messageOf(error);
  console.error(`✖ The bridge could not listen on ${settings.REDIS_BRIDGE_HOST}:${settings.REDIS_BRIDGE_PORT}: ${reason}`);
  process.exit(1);
}

const stop = () => {
  void bridge.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
