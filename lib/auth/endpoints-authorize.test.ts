import { describe, expect, it } from "vitest";
import { listEndpoints } from "../testing/endpoints.ts";

// Every server action and route handler goes through the policy (issue #13): found from the code,
// so a new one that forgets to ask fails here. The two that are public by nature are named.

const publicByNature = new Map([
  ["app/sign-in/actions.ts#signInAction", "the sign-in itself"],
  ["app/sign-in/actions.ts#signOutAction", "ends whatever session the cookie names"],
  ["app/api/auth/[...all]/route.ts#GET", "better-auth's endpoints"],
  ["app/api/auth/[...all]/route.ts#POST", "better-auth's endpoints"],
  ["app/portal/invite/[token]/actions.ts#acceptInviteAction", "the invite link's token is the credential (lib/auth/invites.ts)"],
]);

// authorize(), authorizeImportAccess(), authorizeStaff(), or this file's own wrappers of them (authorizeJob, authorizeInput).
const asksThePolicy = /\bauthorize(ImportAccess|Staff|Job|Input)?\(/;

const endpoints = listEndpoints();

describe("every server action and route handler asks the policy", () => {
  it("finds the endpoints", () => {
    expect(endpoints.length).toBeGreaterThan(25);
    expect(endpoints.map((endpoint) => endpoint.id)).toContain("app/imports/[id]/actions.ts#rollbackImportAction");
    expect(endpoints.map((endpoint) => endpoint.id)).toContain("app/api/imports/[id]/files/route.ts#PUT");
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual(expect.arrayContaining(["app/organizations/[slug]/actions.ts#createInviteAction", "app/organizations/[slug]/actions.ts#revokeInviteAction", "app/portal/imports/[id]/actions.ts#submitImportAction"]));
  });

  it.each(endpoints.map((endpoint) => [endpoint.id, endpoint.body] as const))("%s", (id, body) => {
    if (publicByNature.has(id)) return expect(asksThePolicy.test(body)).toBe(false);
    expect(body).toMatch(asksThePolicy);
  });
});
