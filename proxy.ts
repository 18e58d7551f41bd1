import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { apiContentSecurityPolicy, hardeningHeaders } from "./lib/utils/security-headers";

// Every request, before the app: refuse a Host the app does not answer to (a DNS-rebinding page
// in a CSM's browser would name its own host), and give each page a Content-Security-Policy with
// a fresh nonce that Next puts on its own scripts, plus the usual hardening headers.

// Reachable without a session: the sign-in page, better-auth's endpoints and the portal's invite
// links (the token is the credential there; static files never reach the proxy, see the matcher).
const publicPrefixes = ["/sign-in", "/api/auth/", "/portal/invite/"];

function isPublic(path: string): boolean {
  return publicPrefixes.some((prefix) => (prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`)));
}

const localHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

function allowedHost(host: string | null): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  if (localHosts.has(name)) return true;
  const appUrl = process.env.APP_URL;
  if (!appUrl) return false;
  try {
    return new URL(appUrl).hostname.toLowerCase() === name;
  } catch {
    return false;
  }
}

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Leaflet and the charts set inline styles.
    "style-src 'self' 'unsafe-inline'",
    // Map tiles come from MAP_TILE_URL, any https host.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  if (!allowedHost(request.headers.get("host"))) {
    return new NextResponse("This host is not served here. Set APP_URL to the address people use.", { status: 421, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // Optimistic: a session cookie is there, not that it is valid. Every page, action and route still
  // asks getViewer(); this only keeps anonymous requests away from everything else.
  const path = request.nextUrl.pathname;
  if (!isPublic(path) && !getSessionCookie(request)) {
    if (path.startsWith("/api/") || request.headers.has("next-action")) {
      return hardened(NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 }));
    }
    const signIn = new URL("/sign-in", request.url);
    if (path !== "/") signIn.searchParams.set("next", path + request.nextUrl.search);
    return hardened(NextResponse.redirect(signIn));
  }
  // An API answer is data, not a page: no nonce to hand on (rewriting the request's headers for
  // one cost every row page of the review grid), and a policy that lets it run nothing.
  if (path.startsWith("/api/")) {
    const response = NextResponse.next();
    response.headers.set("content-security-policy", apiContentSecurityPolicy);
    return hardened(response);
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return hardened(response);
}

function hardened(response: NextResponse): NextResponse {
  for (const { key, value } of hardeningHeaders) response.headers.set(key, value);
  return response;
}

export const config = {
  // Not the build's static files, nor the routes whose body is a file: a request through the proxy
  // has its body buffered, and cut at 10 MB (Next's proxyClientMaxBodySize), which once stored the
  // first 10 MB of a big upload as the whole file. Those routes ask the policy themselves and
  // refuse a body shorter than its Content-Length; they get their headers from next.config.ts.
  // Nor the review grid's row pages, which it asks for many at once: the proxy cost each ~1 ms of
  // the server's one thread (bench:pages, 200 at once: p95 856-1,104 ms through it, 649-919
  // without). `npm start` answers most of them before Next (lib/runtime/row-page-listener.ts); the
  // route refuses a request without a session cookie itself and sets its own headers. Everything
  // else, API routes included.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/imports/\\d+/(?:files|error-report|rows)|api/organizations/\\d+/(?:config|agencies/\\d+/boundary)).*)" }],
};
