import "server-only";
// Which sign-in providers this deployment has (by environment, see README › Sign-in) and what the
// operator chose for guests. No provider: everyone is a guest, exactly as a plain `npm start`.
import { env } from "@/lib/env";

export type ProviderId = "github" | "google" | "oidc";
export interface SignInProvider {
  id: ProviderId;
  name: string;
}

export function signInProviders(): SignInProvider[] {
  const providers: SignInProvider[] = [];
  if (env.GITHUB_CLIENT_ID) providers.push({ id: "github", name: "GitHub" });
  if (env.GOOGLE_CLIENT_ID) providers.push({ id: "google", name: "Google" });
  if (env.PARLEY_OIDC_ISSUER) providers.push({ id: "oidc", name: env.PARLEY_OIDC_NAME });
  return providers;
}

/** Accounts exist on this deployment: a gate's quorum counts accounts, guests vote only where allowed. */
export function signInConfigured(): boolean {
  return signInProviders().length > 0;
}

/** Guests may not use this deployment: pages send them to /sign-in, the API answers 401. */
export function signInRequired(): boolean {
  return signInConfigured() && env.PARLEY_SIGN_IN === "required";
}
