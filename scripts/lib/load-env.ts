// Scripts read .env, .env.local etc. the way Next.js does, before lib/env validates process.env.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production" && process.env.NODE_ENV !== "test", {
  info: () => {},
  error: console.error,
});
