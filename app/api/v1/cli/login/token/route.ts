// POST /api/v1/cli/login/token — the terminal's poll {device_code}: its API key once allowed, else why not (yet)
import { redeemLogin } from "@/lib/auth/cli-login/logins";
import { type IssuedKey, tokenRequestSchema } from "@/lib/auth/cli-login/schemas";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type LoginTokenResponse = IssuedKey;

export const POST = route(async (request) => {
  const { device_code } = await parseBody(request, tokenRequestSchema, 1024);
  const issued = await redeemLogin({ deviceCode: device_code });
  return json(issued satisfies LoginTokenResponse, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
