// Lua scripts written for Upstash can declare shebang flags plain Redis does not know (@upstash/ratelimit
// uses `#!lua flags=allow-key-locking`), which Redis rejects. The bridge drops those flags before Redis
// sees the script, and maps the SHA-1 a client computed for the original to the one Redis knows, so
// EVALSHA keeps working without a NOSCRIPT round trip.
import { createHash } from "node:crypto";
import type { CommandArg } from "./redis";

/** The shebang flags of Redis 7 (https://redis.io/docs/latest/develop/interact/programmability/lua-api/). */
const KNOWN_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script with unknown shebang flags removed, or the same string when there is nothing to remove. */
export function portableScript(script: string): string {
  const match = /^#!lua(?:[ \t]+flags=([^\r\n]*))?[ \t]*(?=\r?\n|$)/.exec(script);
  if (!match?.[1]) return script;
  const flags = match[1].split(",").map((f) => f.trim());
  const kept = flags.filter((f) => KNOWN_FLAGS.has(f));
  if (kept.length === flags.length) return script;
  // A blank first line keeps line numbers in Redis's error messages matching the original.
  return (kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "") + script.slice(match[0].length);
}

export class ScriptTranslator {
  private readonly shas = new Map<string, string>();

  translate(args: CommandArg[]): CommandArg[] {
    const name = String(args[0]).toLowerCase();
    const isEval = name === "eval" || name === "eval_ro";
    const isLoad = name === "script" && String(args[1]).toLowerCase() === "load";
    if (isEval || isLoad) {
      const at = isEval ? 1 : 2;
      const original = String(args[at]);
      const portable = portableScript(original);
      if (portable === original) return args;
      if (this.shas.size > 10_000) this.shas.clear();
      this.shas.set(sha1(original), sha1(portable));
      return args.map((a, i) => (i === at ? portable : a));
    }
    if (name === "evalsha" || name === "evalsha_ro") {
      const mapped = this.shas.get(String(args[1]).toLowerCase());
      if (mapped) return args.map((a, i) => (i === 1 ? mapped : a));
    }
    return args;
  }
}
