import type http from "node:http";

// Who is on the other end of a request, for better-auth's per-IP sign-in limiter and the sessions'
// ipAddress: it reads the first address of X-Forwarded-For, which any client that reaches the app
// directly can write. `npm start`'s server (web-server.ts) replaces the header with the one address
// it can vouch for before Next sees the request.

/**
 * The client's address: the socket's peer when no proxy is trusted (`hops` 0), else the address
 * the last of `hops` trusted proxies saw, read from the right of X-Forwarded-For (each proxy
 * appends its peer; what a client wrote itself stays to the left, where nobody reads it). Null
 * when there is none to give (a closed socket).
 */
export function clientAddress(forwardedFor: string | string[] | undefined, peer: string | undefined, hops: number): string | null {
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((address) => address.trim())
    .filter((address) => address !== "");
  if (peer) chain.push(peer);
  return chain[chain.length - 1 - hops] ?? chain[0] ?? null;
}

/**
 * Proxies trusted when TRUST_PROXY_HOPS is not set: one for a server listening on a loopback
 * address (only this machine reaches it: the CSM's own browser, which sends no X-Forwarded-For, or
 * a reverse proxy here that appends the client), none for one listening on other interfaces
 * (anyone reaching it could write the header).
 */
export function defaultProxyHops(hostname: string): number {
  return /^(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(hostname) ? 1 : 0;
}

/** Sets the request's X-Forwarded-For to the one client address (clientAddress), or removes it. */
export function vouchForClient(request: http.IncomingMessage, hops: number): void {
  const address = clientAddress(request.headers["x-forwarded-for"], request.socket.remoteAddress, hops);
  if (address === null) delete request.headers["x-forwarded-for"];
  else request.headers["x-forwarded-for"] = address;
}
