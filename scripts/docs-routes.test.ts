// docs/api.md cannot drift from app/api: every route handler a route file exports is documented there
// under a heading `### METHOD /api/path` (`[id]` → `{id}`, `[...path]` → `{...path}`), and every such
// heading names a handler that exists. The 405 refusals a route spreads from `otherMethods(...)`
// (lib/http/method-not-allowed.ts; the gateway's `otherGatewayMethods(provider, ...)`) are not handlers: they are left out, and the methods they allow must
// be exactly the route's real handlers (otherwise `Allow` would lie).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const METHOD = METHODS.join("|");
/** `### GET /api/v1/runs/{id}`, or several methods for one path: `### GET, POST /api/{...unknown}`. */
const HEADING = new RegExp(`^### ((?:${METHOD})(?:, (?:${METHOD}))*) (/api(?:/[^\\s/]+)*)$`);

interface RouteFile {
  path: string;
  /** The exported handlers that serve requests. */
  handlers: string[];
  /** What `otherMethods(...)` says the route allows, when it spreads the refusals. */
  allowed: string[] | null;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** `app/api/v1/runs/[id]/route.ts` → `/api/v1/runs/{id}`; route groups `(name)` add nothing to the path. */
function urlPathOf(file: string): string {
  const segments = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
  const url = segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) =>
      s.replace(/^\[\[?(\.\.\.)?([^\]]+)\]\]?$/, (_m, rest: string | undefined, name: string) => `{${rest ?? ""}${name}}`),
    );
  return `/${url.join("/")}`;
}

/** The 405 helpers a route spreads, and how many leading arguments are not allowed methods (the gateway's provider). */
const REFUSERS: Record<string, number> = { otherMethods: 0, otherGatewayMethods: 1 };

const isMethod = (name: string) => (METHODS as readonly string[]).includes(name);
const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The handlers a route file exports, read from its source (the forms the routes use; anything else fails). */
function parseRoute(file: string): RouteFile {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const handlers: string[] = [];
  let allowed: string[] | null = null;
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) throw new Error(`${file}: re-exports are not understood by this test`);
    if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name && isMethod(statement.name.text)) {
      handlers.push(statement.name.text);
    }
    if (!ts.isVariableStatement(statement) || !exported(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) {
        if (isMethod(declaration.name.text)) handlers.push(declaration.name.text);
        continue;
      }
      const init = declaration.initializer;
      const refuser = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) ? init.expression.text : null;
      if (!init || !ts.isCallExpression(init) || !refuser || !(refuser in REFUSERS)) {
        throw new Error(`${file}: an exported destructuring that is not otherMethods(...) or otherGatewayMethods(...)`);
      }
      allowed = init.arguments
        .slice(REFUSERS[refuser])
        .map((arg) => (ts.isStringLiteral(arg) ? arg.text : `<${arg.getText(source)}>`));
    }
  }
  return { path: urlPathOf(file), handlers, allowed };
}

/** `METHOD /path` for every heading of docs/api.md outside code blocks; a heading that starts with a method must parse. */
function documentedRoutes(markdown: string): string[] {
  const found: string[] = [];
  let inCode = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) inCode = !inCode;
    if (inCode || !new RegExp(`^#+ (${METHOD})\\b`).test(line)) continue;
    const match = HEADING.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`docs/api.md: "${line}" is not "### METHOD[, METHOD] /api/path"`);
    for (const method of match[1].split(", ")) found.push(`${method} ${match[2]}`);
  }
  return found;
}

const routes = routeFiles(path.join(root, "app/api")).map(parseRoute);
const inCode = routes.flatMap((r) => r.handlers.map((m) => `${m} ${r.path}`)).sort();
const inDocs = documentedRoutes(readFileSync(path.join(root, "docs/api.md"), "utf8"));

describe("docs/api.md and the route files of app/api", () => {
  it("finds the routes (a walk that finds nothing would prove nothing)", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(inCode).toContain("POST /api/v1/runs");
    expect(inCode).toContain("GET /api/v1/runs/{id}");
    expect(inCode).toContain("POST /api/v1/gateway/openai/{...path}");
    expect(inCode).not.toContain("PUT /api/v1/runs");
  });

  it("documents every route handler", () => {
    expect(inCode.filter((route) => !inDocs.includes(route))).toEqual([]);
  });

  it("documents no route that does not exist", () => {
    expect(inDocs.filter((route) => !inCode.includes(route))).toEqual([]);
  });

  it("documents each route once", () => {
    expect(inDocs.filter((route, i) => inDocs.indexOf(route) !== i)).toEqual([]);
  });

  it("refuses with 405 exactly the methods a route does not serve", () => {
    const wrong = routes
      .filter((r) => r.allowed !== null && [...r.allowed].sort().join() !== [...r.handlers].sort().join())
      .map((r) => `${r.path}: otherMethods(${r.allowed?.join(", ")}) but handlers ${r.handlers.join(", ")}`);
    expect(wrong).toEqual([]);
  });
});
