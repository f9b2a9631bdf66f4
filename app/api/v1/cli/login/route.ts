// POST /api/v1/cli/login — a terminal starts `parley login`: its device code, and the code and page for the browser
import { startLogin } from "@/lib/auth/cli-login/logins";
import { type StartedLogin, startLoginSchema } from "@/lib/auth/cli-login/schemas";
import { chargeQuota } from "@/lib/auth/quotas";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { publicOrigin } from "@/lib/http/identity/origin";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type StartLoginResponse = StartedLogin;

export const POST = route(async (request) => {
  // A bare POST (curl -X POST) starts one too: the body only names the machine.
  const input = startLoginSchema.parse((await readJson(request, 4096, { optional: true })) ?? {});
  const address = clientAddress(request.headers);
  await chargeQuota("cliLogin", { address });
  const started = await startLogin({ clientName: input.client_name, address, origin: publicOrigin(request) });
  return json(started satisfies StartLoginResponse, { status: 201, headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
