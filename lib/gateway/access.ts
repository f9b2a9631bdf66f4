import "server-only";
// Who may use the gateway. Keys the operator makes (`npm run apikey`, the admin API) always may, with
// the gateway scope. Keys people make on the keys page may not once a real provider is configured:
// identities are free, so a self-made key would let any visitor spend the operator's provider account
// and watch every app's prompts on the `gateway` channel. PARLEY_GATEWAY_SELF_SERVE decides otherwise.
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { GATEWAY_CHANNEL } from "./events";

/** Whether the gateway reaches a real provider (not only the demo model). */
export const gatewayHasProvider = (): boolean =>
  Boolean(env.OPENAI_API_KEY || env.ANTHROPIC_API_KEY || env.OPENAI_COMPATIBLE_BASE_URL);

/** Whether keys made on the keys page may call and watch the gateway here. */
export function gatewaySelfServe(): boolean {
  if (env.PARLEY_GATEWAY_SELF_SERVE === "auto") return !gatewayHasProvider();
  return env.PARLEY_GATEWAY_SELF_SERVE === "true";
}

const closed = () =>
  new AppError(
    "forbidden",
    "On this server the LLM gateway takes keys made by its operator (npm run apikey -- --scope gateway), " +
      "not keys made on the keys page (PARLEY_GATEWAY_SELF_SERVE)",
  );

/** A key may call or watch the gateway — or 403. Keys without an owner are the operator's. */
export function assertGatewayKey(principal: Pick<ApiKeyPrincipal, "userId">): void {
  if (principal.userId !== null && !gatewaySelfServe()) throw closed();
}

/** Whether a scope names the gateway outright: calling it, or its channel. */
const namesGateway = (scope: string) => scope === "gateway" || /^(publish|subscribe):gateway$/.test(scope);

/** A person asking for gateway scopes on the keys page where the gateway is not theirs to use: 403. */
export function assertSelfServeScopes(scopes: readonly string[]): void {
  if (!gatewaySelfServe() && scopes.some(namesGateway)) throw closed();
}

export const isGatewayChannel = (channel: string) => channel === GATEWAY_CHANNEL;
