import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const alias = {
  "@": root,
  // The marker package throws outside React Server Components; tests are server code.
  "server-only": path.join(root, "node_modules/server-only/empty.js"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["{lib,hooks,components,scripts,cli,bridge}/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          environment: "node",
          // Room for tests that start a server twice while other files start theirs (npm test runs three files
          // at a time); a test waits for events, never for its timeout.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own `next start` servers.
        },
      },
      {
        resolve: { alias },
        test: {
          // The seed documents' client snippets as written (tests/conformance/snippets), against the production
          // build: browser code in Chromium, curl with curl, Python with python3.
          name: "conformance",
          include: ["tests/conformance/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
