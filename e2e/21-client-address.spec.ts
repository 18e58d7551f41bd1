import { expect, test } from "./fixtures";

// Sign-in's per-address limit reads the client's address from X-Forwarded-For, which the web
// server sets to the one address it can vouch for (lib/runtime/client-address.ts). The e2e server
// is reached directly (TRUST_PROXY_HOPS=0, e2e/serve.ts): a client that writes its own header
// still counts as the connection's peer, so changing the header each try does not dodge the limit.

test("a client cannot dodge the per-address sign-in limit by writing its own X-Forwarded-For", async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL: baseURL! });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await api.post("/api/auth/sign-in/email", {
        headers: { origin: baseURL!, "x-forwarded-for": `198.51.100.${i + 1}` },
        // A different unknown address each time: the per-account limit never applies.
        data: { email: `nobody-${i}@client-address.example`, password: "not a password at all" },
      });
      statuses.push(response.status());
    }
    // Five tries a minute per address (lib/auth/auth.ts), whatever the header said.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  } finally {
    await api.dispose();
  }
});
