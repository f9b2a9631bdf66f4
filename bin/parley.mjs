#!/usr/bin/env node
// The `parley` command. The client is TypeScript in cli/, sharing Parley's schemas and views through the
// `@/` paths of tsconfig.json; tsx (a dependency) compiles it on the fly, so a fresh clone works after
// `npm install` with no build step, from any directory and when installed globally (npm i -g links here).
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
