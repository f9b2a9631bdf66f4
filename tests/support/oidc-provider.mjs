// A real OpenID Connect provider for tests — `oidc-provider`, a certified implementation — on loopback.
// Its development login form takes any name: signing in as `alice` is the account alice@example.test
// (verified), named "Alice". Run: node tests/support/oidc-provider.mjs --port P --redirect URI [--redirect URI…]
// or import startOidcProvider() in a test.
import Provider from "oidc-provider";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./oidc-client.mjs";

export { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET };

/** Starts the provider at http://127.0.0.1:<port>; resolves with its issuer and a close(). */
export async function startOidcProvider({ port, redirectUris }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "picture"] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: `${id}@example.test`,
        email_verified: true,
        name: id.charAt(0).toUpperCase() + id.slice(1),
        // A picture only for the logins that ask for one: `pictured…` an https avatar, `hostile…` a script URL.
        ...(id.startsWith("pictured") && { picture: `https://avatars.example.test/${id}.png` }),
        ...(id.startsWith("hostile") && { picture: "javascript:alert(document.cookie)" }),
      }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["parley-test-oidc-cookie-key"] },
    // Test runs are short; tokens need not outlive them.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider:", error));
  // Its development pages import a web font from Google: tests reach nothing beyond loopback.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === "string") ctx.body = ctx.body.replace(/@import url\([^)]*\);/g, "");
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf("--port") + 1]);
  const redirectUris = args.flatMap((a, i) => (args[i - 1] === "--redirect" ? [a] : []));
  const { issuer } = await startOidcProvider({ port, redirectUris });
  console.log(`oidc-provider listening at ${issuer}`);
}
