// /api/auth/* — sign-in and sign-out, answered by better-auth (lib/auth/accounts/auth.ts): GitHub, Google
// and the generic OIDC provider; 404 when no provider is configured.
import { getAuth } from "@/lib/auth/accounts/auth";
import { route } from "@/lib/http/handler";
import { publicOrigin } from "@/lib/http/identity/origin";

export const dynamic = "force-dynamic";

const handle = route(async (request) => (await getAuth(publicOrigin(request))).handler(request));

export const GET = handle;
export const POST = handle;
