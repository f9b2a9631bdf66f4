// `parley login`: asks the server for a login, sends the person to the browser to allow it, polls until
// the key comes (RFC 8628's device flow, docs/cli.md › Signing in) and saves it; `parley logout` revokes
// the saved key and forgets it.
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type IssuedKey, issuedKeySchema, type StartedLogin, startedLoginSchema } from "@/lib/auth/cli-login/schemas";
import { errorBodySchema } from "@/lib/error-body";
import { authHeaders, type Connection, request, unreachable } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { readSavedLogin, removeSavedLogin, writeSavedLogin } from "../saved-login";
import { printableStrings } from "../ui/text";

/** RFC 8628 §3.5: after slow_down, wait this much longer between polls from then on. */
const SLOW_DOWN_STEP_S = 5;

export async function loginCommand(command: { openBrowser: boolean }, globals: Globals, io: Io): Promise<ExitCode> {
  // A login asks for a new key: an old one (--api-key, PARLEY_API_KEY, the saved one) has no part in it.
  const connection: Connection = { ...globals.connection, apiKey: null, userId: null };
  const started = startedLoginSchema.parse(
    await request<StartedLogin>(connection, "POST", "/api/v1/cli/login", {
      body: { client_name: hostname().slice(0, 60) || undefined },
      what: "a login",
    }),
  );
  io.stderr.write(
    `To sign in, open ${started.verification_uri_complete}\n` +
      `and check that it shows the code ${started.user_code}, then press Allow.\n` +
      `(Or open ${started.verification_uri} and type the code.) Waiting…\n`,
  );
  if (command.openBrowser) openBrowser(started.verification_uri_complete);
  const issued = await pollForKey(connection, started);
  writeSavedLogin(globals.config.file, {
    server: connection.server,
    api_key: issued.api_key,
    key_id: issued.key_id,
    user: issued.user,
    saved_at: new Date().toISOString(),
  });
  // The key this one replaces in the file would be left working and forgotten: revoke it (best effort).
  const replaced = globals.config.saved;
  if (replaced && replaced.server === connection.server && replaced.key_id !== issued.key_id) {
    const outcome = await revokeKey({ server: replaced.server, apiKey: replaced.api_key, userId: null });
    if (outcome !== "revoked" && outcome !== "gone") {
      io.stderr.write(
        `parley: could not revoke the key this login replaces (${outcome}) — revoke ${replaced.key_id} on ${replaced.server}/keys.\n`,
      );
    }
  }
  const who = issued.user.display_name ?? issued.user.id;
  if (globals.json)
    io.stdout.write(`${JSON.stringify({ user: issued.user, key_id: issued.key_id, config_file: globals.config.file })}\n`);
  else
    io.stdout.write(
      `Signed in to ${connection.server} as ${who}. The key ${issued.key_id} is saved in ${globals.config.file}.\n`,
    );
  return EXIT.ok;
}

/** Polls the token endpoint at the server's interval until the key comes, the login is refused, or it expires. */
async function pollForKey(c: Connection, started: StartedLogin): Promise<IssuedKey> {
  let intervalS = started.interval;
  const deadline = Date.now() + started.expires_in * 1000;
  for (;;) {
    await sleep(intervalS * 1000);
    const answer = await pollOnce(c, started.device_code);
    if (answer.key) return answer.key;
    if (answer.code === "slow_down") intervalS += SLOW_DOWN_STEP_S;
    else if (answer.code !== "authorization_pending" && answer.code !== "unreachable") throw refused(answer.code, answer.message);
    if (Date.now() > deadline) throw refused("expired_token", "");
  }
}

type PollAnswer = { key: IssuedKey; code?: undefined; message?: undefined } | { key?: undefined; code: string; message: string };

async function pollOnce(c: Connection, deviceCode: string): Promise<PollAnswer> {
  let response: Response;
  try {
    response = await fetch(`${c.server}/api/v1/cli/login/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ device_code: deviceCode }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    // A server that is away for a moment: keep waiting until the login expires.
    return { code: "unreachable", message: unreachable(c, error).message };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text, printableStrings);
  } catch {
    return { code: response.status >= 500 ? "unreachable" : "not_parley", message: `${c.server} answered ${response.status}` };
  }
  if (response.ok) return { key: issuedKeySchema.parse(body) };
  const error = errorBodySchema.safeParse(body).data?.error;
  if (!error) return { code: "not_parley", message: `${c.server} answered ${response.status}` };
  return { code: response.status >= 500 ? "unreachable" : error.code, message: error.message };
}

function refused(code: string, message: string): CliError {
  switch (code) {
    case "access_denied":
      return new CliError(EXIT.unreachable, "The login was denied in the browser: no key was made.");
    case "expired_token":
      return new CliError(EXIT.unreachable, "The login expired before it was allowed: run `parley login` again.");
    case "not_parley":
      return new CliError(EXIT.unreachable, `${message}, which does not look like a Parley server: check --server / PARLEY_URL.`);
    default:
      return new CliError(EXIT.unreachable, `The server refused the login (${code}: ${message}). Run \`parley login\` again.`);
  }
}

/** The system's way to open a URL. Best effort: without a browser the printed link is the way. */
function openBrowser(url: string): void {
  const [program, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(program, args, { stdio: "ignore", detached: true });
    child.on("error", () => {}); // no such program: the link is printed
    child.unref();
  } catch {
    // spawn itself refused (no such program on some platforms): the link is printed
  }
}

export async function logoutCommand(globals: Globals, io: Io): Promise<ExitCode> {
  const saved = readSavedLogin(globals.config.file);
  if (!saved) {
    io.stderr.write(`Not signed in: there is no saved key in ${globals.config.file}.\n`);
    return EXIT.ok;
  }
  const connection: Connection = { server: saved.server, apiKey: saved.api_key, userId: null };
  const outcome = await revokeKey(connection);
  if (outcome !== "revoked" && outcome !== "gone") {
    io.stderr.write(`parley: could not revoke the key (${outcome}) — revoke ${saved.key_id} on ${saved.server}/keys.\n`);
  }
  removeSavedLogin(globals.config.file);
  io.stdout.write(
    `Signed out of ${saved.server}${outcome === "revoked" ? `: the key ${saved.key_id} is revoked` : ""}; ${globals.config.file} is removed.\n`,
  );
  return EXIT.ok;
}

/** Revokes the key the connection carries: "revoked", "gone" (revoked or unknown already: 401), else why not. */
async function revokeKey(c: Connection): Promise<"revoked" | "gone" | string> {
  try {
    const response = await fetch(`${c.server}/api/v1/me/key`, {
      method: "DELETE",
      headers: { Accept: "application/json", ...authHeaders(c) },
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel();
    if (response.ok) return "revoked";
    return response.status === 401 ? "gone" : `${c.server} answered ${response.status}`;
  } catch (error) {
    return unreachable(c, error).message;
  }
}
