import { readFileSync } from "node:fs";

/**
 * Headers every response carries, pages and static files alike, in the one list the web process also
 * sets on each request as it arrives (lib/server/http/front-door.ts): that covers the answers Next.js
 * makes before these apply, its own 500s included. The Content-Security-Policy, which needs a nonce
 * per page, comes from proxy.ts.
 */
const SECURITY_HEADERS = Object.entries(JSON.parse(readFileSync(new URL("./lib/security-headers.json", import.meta.url), "utf8")))
  .map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "pg", "nodemailer"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      // Set on purpose: the wizard sends at most 500 rows and about 1 MB of values per call.
      bodySizeLimit: "2mb",
      // Origins other than the app's own that may call server actions (a proxy in front of it).
      // Read here because Next.js applies it before any of our code runs; lib/env.ts checks the same list.
      allowedOrigins: (process.env.ALLOWED_ORIGINS ?? "").split(",").map((origin) => origin.trim()).filter(Boolean),
    },
  },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
