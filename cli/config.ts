// The one place the terminal client reads its environment. (The server's env lives in lib/env.ts; the
// CLI is a separate program and must not require the server's variables.) Beside it, the key `parley
// login` saved (cli/saved-login.ts): its server is the default server, its key the default key there.
import type { SavedLogin } from "./saved-login";

export interface CliEnv {
  /** PARLEY_URL, else the saved login's server: the server, when --server is not given. */
  server: string;
  /** PARLEY_API_KEY: sent as Authorization: Bearer, when --api-key is not given. */
  apiKey: string | null;
  /** What `parley login` saved, when there is a saved login: its key goes to its server only. */
  saved: SavedLogin | null;
  /** Where `parley login` saves (and `parley logout` removes) the key. */
  configFile: string;
  /** PARLEY_USER_ID: the session identity sent as X-User-ID, when --user-id is not given. */
  userId: string | null;
  /** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
  noColor: boolean;
}

export const DEFAULT_SERVER = "http://localhost:3000";

export function readEnv(
  source: Record<string, string | undefined> = process.env,
  saved: { login: SavedLogin | null; file: string } = { login: null, file: "" },
): CliEnv {
  const value = (name: string) => source[name]?.trim() || null;
  return {
    server: value("PARLEY_URL") ?? saved.login?.server ?? DEFAULT_SERVER,
    apiKey: value("PARLEY_API_KEY"),
    saved: saved.login,
    configFile: saved.file,
    userId: value("PARLEY_USER_ID"),
    noColor: Boolean(value("NO_COLOR")),
  };
}
