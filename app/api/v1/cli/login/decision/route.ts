// POST /api/v1/cli/login/decision — the browser allows {user_code, decision: "allow"} (a key for me, for that terminal) or denies it
import { decideLogin } from "@/lib/auth/cli-login/logins";
import { type DecidedLogin, decisionSchema } from "@/lib/auth/cli-login/schemas";
import { chargeQuota } from "@/lib/auth/quotas";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type DecideLoginResponse = DecidedLogin;

export const POST = route(async (request) => {
  const userId = requireUser(request);
  const input = await parseBody(request, decisionSchema, 1024);
  const allow = input.decision === "allow";
  // Allowing makes a key: it counts as one made on the keys page.
  if (allow) await chargeQuota("createKey", { person: userId, address: clientAddress(request.headers) });
  return json((await decideLogin({ typedCode: input.user_code, userId, allow })) satisfies DecideLoginResponse);
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
