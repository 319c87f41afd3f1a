import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { allowedHosts, refuseBody, refuseRequest } from "@/lib/request-guard";

/**
 * A Content-Security-Policy with a fresh nonce for every page: Next.js puts the nonce on its own
 * scripts, and no other script runs ('strict-dynamic' lets those load the rest, the file worker
 * included). Styles may be inline (React's style attributes); nothing may frame the app.
 */
export async function proxy(request: NextRequest) {
  const config = env();
  const refusal = refuseRequest(
    { method: request.method, host: request.headers.get("host"), origin: request.headers.get("origin") },
    allowedHosts(config.APP_URL, config.ALLOWED_ORIGINS),
  ) ?? await refuseBody(request);
  if (refusal) return new NextResponse(refusal.message, { status: refusal.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  // NODE_ENV is Next's own (`next dev` or a build), inlined when it bundles this file: not configuration.
  // eslint-disable-next-line no-restricted-properties
  const development = process.env.NODE_ENV === "development";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/**
 * Every request but static files, prefetches included: they get the same headers as pages, and a
 * server action cannot skip the checks above by calling itself a prefetch.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
