// /api/auth/* — sign-in and sign-out, answered by better-auth (lib/auth/accounts/auth.ts): GitHub, Google
// and the generic OIDC provider; 404 when no provider is configured. Every request is charged to the
// `signIn` quota (lib/auth/quota-table.ts) first, and a cross-site POST is refused (403).
import { getAuth } from "@/lib/auth/accounts/auth";
import { foreignCallbacks } from "@/lib/auth/accounts/next-path";
import { chargeQuota } from "@/lib/auth/quotas";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { assertSameOrigin, identityOf } from "@/lib/http/identity/credentials";
import { publicOrigin } from "@/lib/http/identity/origin";
import { otherMethods } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

const handle = route(async (request) => {
  // A sign-in or sign-out started by another site is refused like any cross-site write.
  assertSameOrigin(request);
  const auth = await getAuth(publicOrigin(request));
  await chargeQuota("signIn", { person: identityOf(request), address: clientAddress(request.headers) });
  if (request.method === "POST" && new URL(request.url).pathname.endsWith("/sign-in/social")) {
    const foreign = foreignCallbacks(
      await request
        .clone()
        .json()
        .catch(() => null),
    );
    if (foreign.length > 0) throw new AppError("forbidden", `${foreign.join(", ")}: only a path on this site (e.g. "/mine")`);
  }
  return auth.handler(request);
});

export const GET = handle;
export const POST = handle;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
