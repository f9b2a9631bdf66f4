// The keys page offers the gateway's scopes exactly where a key made there may use the gateway
// (lib/gateway/access.ts), and where it may not, says why: a real provider is configured (a key anyone
// can make would spend the operator's account), or the operator closed it (PARLEY_GATEWAY_SELF_SERVE).
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** The keys page's HTML, with React's escaped apostrophes read back. */
async function keysPage(env: Record<string, string>): Promise<string> {
  server = await startServer({ env });
  return (await (await fetch(`${server.url}/keys`)).text()).replaceAll("&#x27;", "'");
}

const gatewayBox = (html: string) => /<input[^>]*name="gateway"[^>]*>/.exec(html)?.[0] ?? "";

describe("the keys page and the gateway", () => {
  it("offers the gateway's scopes while only the demo model answers, and says calls cost nothing", async () => {
    const html = await keysPage({});
    expect(gatewayBox(html)).not.toBe("");
    expect(gatewayBox(html)).not.toContain("disabled");
    expect(html).toContain("Only the built-in demo model answers here: calls cost nothing.");
  });

  it("does not offer them once a real provider is configured, and says why", async () => {
    const html = await keysPage({ OPENAI_API_KEY: "sk-test-not-used" });
    expect(gatewayBox(html)).toContain('disabled=""');
    expect(html).toContain("Not offered here: this server's gateway reaches a real model provider");
    expect(html).toContain("npm run apikey -- --scope gateway");
  });

  it("offers them with a provider where the operator opened the gateway, saying who pays", async () => {
    const html = await keysPage({ OPENAI_API_KEY: "sk-test-not-used", PARLEY_GATEWAY_SELF_SERVE: "true" });
    expect(gatewayBox(html)).not.toContain("disabled");
    expect(html).toContain("calls with this key are billed to its operator's account");
  });

  it("does not offer them where the operator closed the gateway to keys made here", async () => {
    const html = await keysPage({ PARLEY_GATEWAY_SELF_SERVE: "false" });
    expect(gatewayBox(html)).toContain('disabled=""');
    expect(html).toContain("the operator has closed the gateway to keys made on this page");
  });
});
