// Accounts in integration tests: a Parley with sign-in configured against a real OpenID Connect provider
// (oidc-provider, on loopback), and signing in over plain HTTP — the redirects, forms and cookies a
// browser would follow — so a test holds the cookies of a signed-in browser.
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcProvider } from "./oidc-provider.mjs";
import { freePort, startServer, type TestServer } from "./server";

/** A browser's cookies. Cookies ignore ports, and everything here is 127.0.0.1: one jar, by name. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.header());
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.take(response);
    return response;
  }
}

export interface AccountsServer {
  server: TestServer;
  stop(): Promise<void>;
  /** Signs the jar's browser in as `login` (the account `<login>@example.test`); returns its user id. */
  signIn(jar: CookieJar, login: string): Promise<string>;
  /** A fresh browser's jar, with its guest identity (a page visit gives one). */
  guest(): Promise<CookieJar>;
}

export async function startAccountsServer(env: Record<string, string> = {}): Promise<AccountsServer> {
  const port = await freePort();
  const oidc = await startOidcProvider({
    port: await freePort(),
    redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`],
  });
  const server = await startServer({
    port,
    env: {
      PARLEY_OIDC_ISSUER: oidc.issuer,
      PARLEY_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      PARLEY_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
      ...env,
    },
  });
  return {
    server,
    stop: async () => {
      await server.stop();
      await oidc.close();
    },
    guest: async () => {
      const jar = new CookieJar();
      await jar.fetch(`${server.url}/sign-in`);
      return jar;
    },
    signIn: (jar, login) => signIn(server.url, jar, login),
  };
}

async function signIn(origin: string, jar: CookieJar, login: string): Promise<string> {
  const started = await jar.fetch(`${origin}/api/auth/sign-in/social`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
  });
  if (!started.ok) throw new Error(`sign-in: ${started.status} ${await started.text()}`);
  let next: string | null = ((await started.json()) as { url: string }).url;
  for (let step = 0; next && step < 20; step++) {
    const response = await jar.fetch(next);
    const location = response.headers.get("location");
    if (location) {
      next = new URL(location, next).href;
      if (next.startsWith(origin) && !next.includes("/api/auth/")) break;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`sign-in stopped at ${next}: ${response.status} ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "x" } : { prompt });
    const submitted = await jar.fetch(new URL(action, next).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const after = submitted.headers.get("location");
    if (!after) throw new Error(`the provider did not redirect after ${prompt}: ${submitted.status}`);
    next = new URL(after, next).href;
  }
  const me = await jar.fetch(`${origin}/api/v1/me`);
  const body = (await me.json()) as { user_id: string; kind: string };
  if (body.kind !== "account") throw new Error(`not signed in after the provider: ${JSON.stringify(body)}`);
  return body.user_id;
}
