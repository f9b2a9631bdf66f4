import type { NextConfig } from "next";

// Scripts: Next's pages carry inline bootstrap scripts. A per-request nonce would make every page
// dynamic (no static prerendering, no CDN caching of pages), so inline scripts are allowed and the rest
// is locked down: no other origins, no plugins, no <base> or form hijacking, no framing. React escapes
// everything Parley renders from people's text; nothing is inserted as raw HTML.
// `next dev` needs eval for its fast refresh.
const scriptSrc = `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`;
const contentSecurityPolicy = [
  "default-src 'self'",
  scriptSrc,
  "style-src 'self' 'unsafe-inline'",
  // Accounts' avatars live on their providers' hosts (any host, for an OIDC provider). Parley renders no
  // other remote image — Markdown images become links — and avatars load with no referrer.
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig: NextConfig = {
  // PGlite loads its wasm and data files from its own package directory; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
