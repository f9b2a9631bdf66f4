// In the browser, zod's schemas run without compiled (eval'd) parsers: under Parley's
// Content-Security-Policy (no 'unsafe-eval') its eval probe would be reported as a violation on every
// page. The server keeps the faster compiled parsers. instrumentation-client.ts imports it before the app
// hydrates, so no parse in the browser comes first.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
