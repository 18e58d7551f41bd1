/**
 * The response headers the app hardens every answer with, in one place: proxy.ts sets them on
 * what passes through it, next.config.ts on the routes that bypass it (file bodies, the review
 * grid's row pages). Plain data, so that both can import it.
 */

/** On every response. */
export const hardeningHeaders: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
];

/** An API answer is data, not a page: a policy that lets it run and frame nothing. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
