// The one place the terminal client reads its environment. (The server's env lives in lib/env.ts; the
// CLI is a separate program and must not require the server's variables.)

export interface CliEnv {
  /** PARLEY_URL: the server, when --server is not given. */
  server: string;
  /** PARLEY_API_KEY: sent as Authorization: Bearer, when --api-key is not given. */
  apiKey: string | null;
  /** PARLEY_USER_ID: the session identity sent as X-User-ID, when --user-id is not given. */
  userId: string | null;
  /** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
  noColor: boolean;
}

export const DEFAULT_SERVER = "http://localhost:3000";

export function readEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  const value = (name: string) => source[name]?.trim() || null;
  return {
    server: value("PARLEY_URL") ?? DEFAULT_SERVER,
    apiKey: value("PARLEY_API_KEY"),
    userId: value("PARLEY_USER_ID"),
    noColor: Boolean(value("NO_COLOR")),
  };
}
