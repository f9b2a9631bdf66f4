// The key `parley login` saved: one JSON file, $XDG_CONFIG_HOME/parley/config.json (else
// ~/.config/parley/config.json), readable by its owner only (0600, in a 0700 directory). Used when neither
// --api-key nor PARLEY_API_KEY gives a key, and only for the server it was made on.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { CliError, EXIT } from "./errors";

export const savedLoginSchema = z.object({
  server: z.string(),
  api_key: z.string(),
  key_id: z.string(),
  user: z.object({ id: z.string(), display_name: z.string().nullable() }),
  saved_at: z.string(),
});
export type SavedLogin = z.infer<typeof savedLoginSchema>;

/** Where the file lives, from the environment (XDG Base Directory: an unset or relative value is ignored). */
export function configFilePath(source: Record<string, string | undefined>, home = homedir()): string {
  const xdg = source.XDG_CONFIG_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(source.HOME?.trim() || home, ".config");
  return path.join(base, "parley", "config.json");
}

/** The saved login, or null when there is none. A file that is there but unreadable is an error that says which. */
export function readSavedLogin(file: string): SavedLogin | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(EXIT.usage, `Cannot read ${file} (${(error as Error).message}).`);
  }
  try {
    const parsed = savedLoginSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: said below
  }
  throw new CliError(EXIT.usage, `${file} is not a saved Parley login: remove it, or run \`parley login\` again.`);
}

/** Writes the file whole (a temporary file renamed over it), owner-only from its first byte. */
export function writeSavedLogin(file: string, login: SavedLogin): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the mode above is masked by the umask; this is not
  renameSync(temporary, file);
}

export function removeSavedLogin(file: string): void {
  rmSync(file, { force: true });
}
